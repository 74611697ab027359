"""Text handling: language detection, segmentation, input checks, privacy masking."""
