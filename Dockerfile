# The mse CLI in a container (seed README, "Dockerisation"), built from the
# local base image — no registry:
#   bash scripts/build.sh build && bash scripts/build-base-image.sh --enclave build/src/enclave/mse-enclave
#   docker build --network host -t mse .
# Run it with the workspace and the engine's socket mounted, e.g.
#   docker run -v /mnt/workspace:/mnt/workspace -v /var/run/docker.sock:/var/run/docker.sock \
#              --network=host mse home scaffold example
FROM mse-base:0.1.0
# `mse home test` and `localtest` run the app's pytest suite with Debian's Python.
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      python3-pytest python3-requests libtomlplusplus3 libnss-myhostname openssl ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
COPY build/src/cli/mse /usr/local/bin/mse
RUN chmod 755 /usr/local/bin/mse
# The seed's `mse list`, `mse status`, … in this image mean the cloud commands.
ENV MSE_DEFAULT_ENV=cloud
WORKDIR /mnt/workspace
ENTRYPOINT ["/usr/local/bin/mse"]
