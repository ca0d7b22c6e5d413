"""Shared layer of the Design Agent backend: conventions every service follows."""
