## chapters/03-serving-many/local.mk -- placeholder, filled in by its owner
