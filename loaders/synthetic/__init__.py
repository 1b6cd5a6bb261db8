"""The synthetic dataset generator behind `loaders.generate.generate_dataset`, in parts."""
