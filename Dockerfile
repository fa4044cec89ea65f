# Workbench in a container: build with the .NET 10 SDK, run on the ASP.NET Core runtime.
#   docker build -t workbench .
#   docker run --rm -p 127.0.0.1:8080:8080 -v workbench-data:/data workbench
# Then open the login link from `docker logs` (or set -e Workbench__AccessToken=...). Runs, metrics and checkpoints live in the /data volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so this layer is reused while only code changes.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY src/Workbench.Experiments/Workbench.Experiments.csproj src/Workbench.Experiments/
COPY src/Workbench.Storage/Workbench.Storage.csproj src/Workbench.Storage/
COPY src/Workbench.Storage.PostgreSql/Workbench.Storage.PostgreSql.csproj src/Workbench.Storage.PostgreSql/
COPY src/Workbench.ModelFolders/Workbench.ModelFolders.csproj src/Workbench.ModelFolders/
COPY src/Workbench.Training/Workbench.Training.csproj src/Workbench.Training/
COPY src/Workbench.Worker/Workbench.Worker.csproj src/Workbench.Worker/
COPY src/Workbench.Web/Workbench.Web.csproj src/Workbench.Web/
RUN dotnet restore src/Workbench.Web/Workbench.Web.csproj
COPY . .
# The host publishes the worker's own output into /app/worker (see Workbench.Web.csproj), where the host and the Kubernetes Job run it.
RUN dotnet publish src/Workbench.Web/Workbench.Web.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Binding all interfaces (0.0.0.0) is for the container only: Docker's port mapping is the way in (publish
# it on 127.0.0.1 on the host, as above, unless you mean to expose it). Outside a container the app listens
# on 127.0.0.1:5080 (appsettings.json). Bound to 0.0.0.0, the app needs a login: pass -e Workbench__AccessToken=...
# (16+ characters), or open the one-time login link it prints at start (docker logs). The address is given with --urls
# because the "Urls" in appsettings.json would override ASPNETCORE_URLS.
# Workers preload tcmalloc when it is there (Workbench:WorkerAllocator): a third less peak memory than glibc's heap.
RUN apt-get update && apt-get install -y --no-install-recommends libtcmalloc-minimal4 && rm -rf /var/lib/apt/lists/*
ENV Workbench__DataDirectory=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "Workbench.Web.dll", "--urls", "http://0.0.0.0:8080"]
