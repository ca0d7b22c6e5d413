"""The Media service's image algorithms: pure computation on bytes, no AWS, no environment reads.

* :mod:`~functions.media.imaging.matting` — RemoveBackground (pluggable matting methods; GrabCut built in);
* :mod:`~functions.media.imaging.cropping` — SmartCrop (caller focal point, faces, saliency, centre);
* :mod:`~functions.media.imaging.watermark` — AddWatermark (text or image, anchored, positioned or tiled).

Inputs are decoded by :func:`design_agent.images.open_image` and outputs written by
:func:`design_agent.images.encode`, the same code the File service's resize/compress/convert use. They need
OpenCV (headless) and numpy, shipped in the Media service's own Lambda layer (``pip install '.[media]'``).
"""
