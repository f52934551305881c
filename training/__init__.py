"""Training side of frontline: corpus reading, the training job, evaluation and tuning."""
