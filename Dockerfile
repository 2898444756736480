# Multi-stage build: the same `dotnet publish` the README uses (browser packages are committed in wwwroot/lib), a non-root runtime.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Intranet.Blog/Intranet.Blog.csproj -c Release -o /app

# SkiaSharp's native library (SkiaSharp.NativeAssets.Linux.NoDependencies, under runtimes/linux-x64/native in the
# publish output) needs only libc, libstdc++ and libgcc_s, which this image has for .NET itself: nothing to install.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The company directory (Intranet:Ldap) talks LDAP through OpenLDAP's client library, which the runtime image lacks.
# backup and restore on PostgreSQL run PostgreSQL's own client tools (pg_dump, pg_restore, psql: Debian's 15, for a
# server of 15; a newer server needs its own version's, named by Intranet:Postgres:Tools).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libldap2 postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Database, data-protection keys and uploads live on the volume; the image's built-in non-root user owns it. /uploads
# and /backups are for several nodes (deploy/compose.yaml), which share their uploads and nightly archives there
# (Intranet:UploadsDirectory, Intranet:Backup:Directory); a new named volume takes over the folder's owner.
RUN mkdir -p /data /uploads /backups && chown app:app /data /uploads /backups
VOLUME ["/data"]
# The app expects HTTPS from a TLS-terminating proxy in front; forwarded headers tell it the original scheme.
ENV Intranet__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_FORWARDEDHEADERS_ENABLED=true
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Intranet.Blog.dll"]
