"""What a patient's message means: every text rule lives here, each module with its own tests."""
