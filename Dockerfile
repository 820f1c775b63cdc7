# Multi-stage image: the SPA is built with Node, the server with Rust, and both are copied
# into a small Debian runtime.
FROM node:20-bookworm-slim AS spa
WORKDIR /src
COPY openapi ./openapi
COPY frontend/package.json frontend/package-lock.json ./frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN cd frontend && npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY backend ./backend
RUN cargo build --release -p winmessages

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/winmessages winmessages
COPY --from=server /src/target/release/winmessages /usr/local/bin/winmessages
COPY --from=spa /src/frontend/dist /usr/share/winmessages/spa
ENV WINMESSAGES_BIND=0.0.0.0:8080 \
    WINMESSAGES_DATA_DIR=/var/lib/winmessages \
    WINMESSAGES_STATIC_DIR=/usr/share/winmessages/spa
USER winmessages
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["winmessages"]
CMD ["serve"]
