## chapters/02-lines/local.mk -- placeholder, filled in by its owner
