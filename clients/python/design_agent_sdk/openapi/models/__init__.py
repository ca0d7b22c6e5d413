"""Contains all the data models used in inputs/outputs"""

from .asset_list import AssetList
from .asset_out import AssetOut
from .background import Background
from .batch import Batch
from .batch_audience import BatchAudience
from .batch_item_in import BatchItemIn
from .batch_item_out import BatchItemOut
from .batch_item_out_status import BatchItemOutStatus
from .batch_job_list import BatchJobList
from .batch_job_out import BatchJobOut
from .batch_job_out_status import BatchJobOutStatus
from .batch_job_summary import BatchJobSummary
from .batch_job_summary_status import BatchJobSummaryStatus
from .batch_out import BatchOut
from .batch_out_audience import BatchOutAudience
from .batch_out_status import BatchOutStatus
from .batch_request import BatchRequest
from .batch_status import BatchStatus
from .check import Check
from .check_kind import CheckKind
from .claim_out import ClaimOut
from .client_list import ClientList
from .client_out import ClientOut
from .client_out_status import ClientOutStatus
from .client_token import ClientToken
from .complete_request import CompleteRequest
from .compress_request import CompressRequest
from .compress_request_color import CompressRequestColor
from .compress_request_format_type_0 import CompressRequestFormatType0
from .compress_step import CompressStep
from .compress_step_color import CompressStepColor
from .compress_step_format_type_0 import CompressStepFormatType0
from .convert_request import ConvertRequest
from .convert_request_color import ConvertRequestColor
from .convert_request_format import ConvertRequestFormat
from .convert_step import ConvertStep
from .convert_step_color import ConvertStepColor
from .convert_step_format import ConvertStepFormat
from .create_batch_job_request import CreateBatchJobRequest
from .create_elements_request import CreateElementsRequest
from .create_layer_request import CreateLayerRequest
from .create_poster_request import CreatePosterRequest
from .create_task_request import CreateTaskRequest
from .created_client import CreatedClient
from .created_client_status import CreatedClientStatus
from .crop_box import CropBox
from .crop_out import CropOut
from .crop_out_source import CropOutSource
from .element import Element
from .export_request import ExportRequest
from .export_result import ExportResult
from .export_result_kind import ExportResultKind
from .export_result_status import ExportResultStatus
from .fail_request import FailRequest
from .file_info import FileInfo
from .file_info_kind import FileInfoKind
from .file_info_status import FileInfoStatus
from .file_list import FileList
from .font_list import FontList
from .font_out import FontOut
from .font_out_scripts_item import FontOutScriptsItem
from .from_template_request import FromTemplateRequest
from .group_element import GroupElement
from .health import Health
from .image_element import ImageElement
from .image_element_fit import ImageElementFit
from .image_filters import ImageFilters
from .inbox_message import InboxMessage
from .inbox_message_data import InboxMessageData
from .inbox_message_type import InboxMessageType
from .inbox_page import InboxPage
from .issue_client_token_data_client_credentials import (
    IssueClientTokenDataClientCredentials,
)
from .issue_client_token_json_client_credentials import (
    IssueClientTokenJsonClientCredentials,
)
from .item_error import ItemError
from .jwks_return import JwksReturn
from .kind_stats import KindStats
from .layer import Layer
from .layer_order_request import LayerOrderRequest
from .list_assets_scope import ListAssetsScope
from .list_files_kind_type_0 import ListFilesKindType0
from .list_fonts_covers_type_0 import ListFontsCoversType0
from .list_fonts_scope import ListFontsScope
from .list_tasks_status_type_0 import ListTasksStatusType0
from .list_templates_scope import ListTemplatesScope
from .login_request import LoginRequest
from .login_result import LoginResult
from .media_crop_box import MediaCropBox
from .media_out import MediaOut
from .new_element import NewElement
from .new_layer import NewLayer
from .open_api_return import OpenApiReturn
from .password_reset_accepted import PasswordResetAccepted
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .permission_request import PermissionRequest
from .permission_result import PermissionResult
from .point import Point
from .poster import Poster
from .poster_document import PosterDocument
from .poster_generate_params import PosterGenerateParams
from .poster_generate_params_style import PosterGenerateParamsStyle
from .poster_list import PosterList
from .poster_size import PosterSize
from .poster_summary import PosterSummary
from .preferences import Preferences
from .preferences_in import PreferencesIn
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .processed_out import ProcessedOut
from .progress_out import ProgressOut
from .progress_out_status import ProgressOutStatus
from .progress_request import ProgressRequest
from .quota_out import QuotaOut
from .read_all import ReadAll
from .reference_file import ReferenceFile
from .refresh_request import RefreshRequest
from .register_asset_request import RegisterAssetRequest
from .register_client_request import RegisterClientRequest
from .register_font_request import RegisterFontRequest
from .register_request import RegisterRequest
from .registration_accepted import RegistrationAccepted
from .remove_background_request import RemoveBackgroundRequest
from .remove_background_step import RemoveBackgroundStep
from .resize_request import ResizeRequest
from .resize_request_color import ResizeRequestColor
from .resize_request_format_type_0 import ResizeRequestFormatType0
from .resize_request_mode import ResizeRequestMode
from .resize_step import ResizeStep
from .resize_step_color import ResizeStepColor
from .resize_step_format_type_0 import ResizeStepFormatType0
from .resize_step_mode import ResizeStepMode
from .save_template_request import SaveTemplateRequest
from .search_assets_scope import SearchAssetsScope
from .service_health import ServiceHealth
from .service_health_status import ServiceHealthStatus
from .session_list import SessionList
from .session_out import SessionOut
from .shape_element import ShapeElement
from .shape_element_shape import ShapeElementShape
from .smart_crop_request import SmartCropRequest
from .smart_crop_request_format_type_0 import SmartCropRequestFormatType0
from .smart_crop_step import SmartCropStep
from .smart_crop_step_format_type_0 import SmartCropStepFormatType0
from .storage_stats import StorageStats
from .storage_stats_by_kind import StorageStatsByKind
from .store_output_request import StoreOutputRequest
from .store_output_request_content_type import StoreOutputRequestContentType
from .stored_output import StoredOutput
from .task_error import TaskError
from .task_list import TaskList
from .task_out import TaskOut
from .task_out_status import TaskOutStatus
from .task_poster_out import TaskPosterOut
from .task_poster_request import TaskPosterRequest
from .task_result import TaskResult
from .task_status_out import TaskStatusOut
from .task_status_out_status import TaskStatusOutStatus
from .template import Template
from .template_detail import TemplateDetail
from .template_list import TemplateList
from .text_element import TextElement
from .text_element_align import TextElementAlign
from .text_element_direction import TextElementDirection
from .text_element_fit import TextElementFit
from .text_element_lang_type_0 import TextElementLangType0
from .token_pair import TokenPair
from .unread_count import UnreadCount
from .update_element_request import UpdateElementRequest
from .update_layer_request import UpdateLayerRequest
from .update_poster_request import UpdatePosterRequest
from .update_user_request import UpdateUserRequest
from .update_user_request_role_type_0 import UpdateUserRequestRoleType0
from .update_user_request_status_type_0 import UpdateUserRequestStatusType0
from .upload_file_request import UploadFileRequest
from .upload_file_request_kind import UploadFileRequestKind
from .upload_token import UploadToken
from .upload_token_fields import UploadTokenFields
from .upload_token_request import UploadTokenRequest
from .upload_token_request_kind import UploadTokenRequestKind
from .user_list import UserList
from .user_out import UserOut
from .user_out_role import UserOutRole
from .user_out_status import UserOutStatus
from .users_permission_result import UsersPermissionResult
from .users_permission_result_role import UsersPermissionResultRole
from .verify_email_request import VerifyEmailRequest
from .verify_request import VerifyRequest
from .verify_result import VerifyResult
from .watermark_request import WatermarkRequest
from .watermark_request_anchor import WatermarkRequestAnchor
from .watermark_request_format_type_0 import WatermarkRequestFormatType0
from .watermark_step import WatermarkStep
from .watermark_step_anchor import WatermarkStepAnchor
from .watermark_step_format_type_0 import WatermarkStepFormatType0

__all__ = (
    "AssetList",
    "AssetOut",
    "Background",
    "Batch",
    "BatchAudience",
    "BatchItemIn",
    "BatchItemOut",
    "BatchItemOutStatus",
    "BatchJobList",
    "BatchJobOut",
    "BatchJobOutStatus",
    "BatchJobSummary",
    "BatchJobSummaryStatus",
    "BatchOut",
    "BatchOutAudience",
    "BatchOutStatus",
    "BatchRequest",
    "BatchStatus",
    "Check",
    "CheckKind",
    "ClaimOut",
    "ClientList",
    "ClientOut",
    "ClientOutStatus",
    "ClientToken",
    "CompleteRequest",
    "CompressRequest",
    "CompressRequestColor",
    "CompressRequestFormatType0",
    "CompressStep",
    "CompressStepColor",
    "CompressStepFormatType0",
    "ConvertRequest",
    "ConvertRequestColor",
    "ConvertRequestFormat",
    "ConvertStep",
    "ConvertStepColor",
    "ConvertStepFormat",
    "CreateBatchJobRequest",
    "CreatedClient",
    "CreatedClientStatus",
    "CreateElementsRequest",
    "CreateLayerRequest",
    "CreatePosterRequest",
    "CreateTaskRequest",
    "CropBox",
    "CropOut",
    "CropOutSource",
    "Element",
    "ExportRequest",
    "ExportResult",
    "ExportResultKind",
    "ExportResultStatus",
    "FailRequest",
    "FileInfo",
    "FileInfoKind",
    "FileInfoStatus",
    "FileList",
    "FontList",
    "FontOut",
    "FontOutScriptsItem",
    "FromTemplateRequest",
    "GroupElement",
    "Health",
    "ImageElement",
    "ImageElementFit",
    "ImageFilters",
    "InboxMessage",
    "InboxMessageData",
    "InboxMessageType",
    "InboxPage",
    "IssueClientTokenDataClientCredentials",
    "IssueClientTokenJsonClientCredentials",
    "ItemError",
    "JwksReturn",
    "KindStats",
    "Layer",
    "LayerOrderRequest",
    "ListAssetsScope",
    "ListFilesKindType0",
    "ListFontsCoversType0",
    "ListFontsScope",
    "ListTasksStatusType0",
    "ListTemplatesScope",
    "LoginRequest",
    "LoginResult",
    "MediaCropBox",
    "MediaOut",
    "NewElement",
    "NewLayer",
    "OpenApiReturn",
    "PasswordResetAccepted",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "PermissionRequest",
    "PermissionResult",
    "Point",
    "Poster",
    "PosterDocument",
    "PosterGenerateParams",
    "PosterGenerateParamsStyle",
    "PosterList",
    "PosterSize",
    "PosterSummary",
    "Preferences",
    "PreferencesIn",
    "Problem",
    "ProblemErrorsItem",
    "ProcessedOut",
    "ProgressOut",
    "ProgressOutStatus",
    "ProgressRequest",
    "QuotaOut",
    "ReadAll",
    "ReferenceFile",
    "RefreshRequest",
    "RegisterAssetRequest",
    "RegisterClientRequest",
    "RegisterFontRequest",
    "RegisterRequest",
    "RegistrationAccepted",
    "RemoveBackgroundRequest",
    "RemoveBackgroundStep",
    "ResizeRequest",
    "ResizeRequestColor",
    "ResizeRequestFormatType0",
    "ResizeRequestMode",
    "ResizeStep",
    "ResizeStepColor",
    "ResizeStepFormatType0",
    "ResizeStepMode",
    "SaveTemplateRequest",
    "SearchAssetsScope",
    "ServiceHealth",
    "ServiceHealthStatus",
    "SessionList",
    "SessionOut",
    "ShapeElement",
    "ShapeElementShape",
    "SmartCropRequest",
    "SmartCropRequestFormatType0",
    "SmartCropStep",
    "SmartCropStepFormatType0",
    "StorageStats",
    "StorageStatsByKind",
    "StoredOutput",
    "StoreOutputRequest",
    "StoreOutputRequestContentType",
    "TaskError",
    "TaskList",
    "TaskOut",
    "TaskOutStatus",
    "TaskPosterOut",
    "TaskPosterRequest",
    "TaskResult",
    "TaskStatusOut",
    "TaskStatusOutStatus",
    "Template",
    "TemplateDetail",
    "TemplateList",
    "TextElement",
    "TextElementAlign",
    "TextElementDirection",
    "TextElementFit",
    "TextElementLangType0",
    "TokenPair",
    "UnreadCount",
    "UpdateElementRequest",
    "UpdateLayerRequest",
    "UpdatePosterRequest",
    "UpdateUserRequest",
    "UpdateUserRequestRoleType0",
    "UpdateUserRequestStatusType0",
    "UploadFileRequest",
    "UploadFileRequestKind",
    "UploadToken",
    "UploadTokenFields",
    "UploadTokenRequest",
    "UploadTokenRequestKind",
    "UserList",
    "UserOut",
    "UserOutRole",
    "UserOutStatus",
    "UsersPermissionResult",
    "UsersPermissionResultRole",
    "VerifyEmailRequest",
    "VerifyRequest",
    "VerifyResult",
    "WatermarkRequest",
    "WatermarkRequestAnchor",
    "WatermarkRequestFormatType0",
    "WatermarkStep",
    "WatermarkStepAnchor",
    "WatermarkStepFormatType0",
)
