# Set-up is a stamp file: the venv is rebuilt only when pyproject.toml changes.
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test index clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the CPU build on this machine's disk, not a multi-GB CUDA download
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Index the bundled content (exit 1 only means some file was rejected), then serve on 127.0.0.1:8000.
serve: $(STAMP)
	$(BIN)/kb index content || [ $$? -eq 1 ]
	$(BIN)/kb serve

index: $(STAMP)
	$(BIN)/kb index content

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/pytest

clean:
	rm -rf $(VENV) var
