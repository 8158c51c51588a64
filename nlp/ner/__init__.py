"""Training and scoring the PERSON model that nlp.pipeline ships: corpora, augmentation, vectors, pretraining."""
