"""Policy packs: the model, the loader and the check language."""
