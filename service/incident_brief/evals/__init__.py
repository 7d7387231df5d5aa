"""The eval suite: datasets as data (eval/datasets), small scorers, a runner with a baseline gate."""
