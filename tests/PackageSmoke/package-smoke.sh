#!/usr/bin/env bash
# Packs Bananas.Tasks and builds a consumer against the .nupkg (not the projects), the way a user gets it:
#  1. a task with an invalid route must fail the build with BNT001 (the analyzer, and Cronos beside it, load
#     from analyzers/dotnet/cs), and a bad cron with BNT100;
#  2. the fixed code must build warning-free and run: the generated proxy enqueues, the hosted worker runs the
#     handler on the in-memory engine and the caller gets the typed result.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/artifacts/package-smoke"
feed="$root/artifacts/packages"
rm -rf "$work" "$feed"
mkdir -p "$work/app" "$feed"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack "$root/src/Bananas.Tasks/Bananas.Tasks.csproj" -c Release -o "$feed" >/dev/null
version=$(ls "$feed" | sed -n 's/^Bananas\.Tasks\.\(.*\)\.nupkg$/\1/p')
echo "package-smoke: packed Bananas.Tasks $version"
listing=$(unzip -l "$feed/Bananas.Tasks.$version.nupkg")
for dll in Bananas.Tasks.Generators.dll Bananas.Tasks.Analyzers.dll Bananas.Tasks.CodeFixes.dll Cronos.dll; do
  grep -q "analyzers/dotnet/cs/$dll" <<<"$listing" || { echo "package-smoke: $dll missing from analyzers/dotnet/cs" >&2; exit 1; }
done

cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$work/app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Bananas.Tasks" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
  </ItemGroup>
</Project>
XML
# keep the repository's Directory.*.props out of the consumer
echo '<Project></Project>' > "$work/Directory.Build.props"
echo '<Project></Project>' > "$work/Directory.Packages.props"

write_program() {
  cat > "$work/app/Program.cs" <<CS
using Bananas.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBananas().AddWorker().AddGeneratedTasks();
using var host = builder.Build();
await host.StartAsync();
var sum = await Smoke.Add.EnqueueAndWaitAsync(20, 22, TimeSpan.FromSeconds(20));
Console.WriteLine(\$"package-smoke: add(20, 22) = {sum}");
await host.StopAsync();
return sum == 42 ? 0 : 1;

namespace Smoke
{
    public static class MathTasks
    {
        [BananaTask(Route = "$1", Cron = "$2", CronArgs = "{\"a\":1,\"b\":2}")]
        public static Task<int> Add(int a, int b, CancellationToken cancellationToken) => Task.FromResult(a + b);
    }
}
CS
}

cd "$work/app"
write_program "GP U" "0 2 * * *"
dotnet build -c Release >"$work/bad-route.log" 2>&1 || true
if grep -q "error BNT001" "$work/bad-route.log"; then
  echo "package-smoke: invalid route rejected at compile time (BNT001)"
else
  echo "package-smoke: expected BNT001 from the packaged analyzer" >&2; tail -20 "$work/bad-route.log" >&2; exit 1
fi
write_program "gpu" "0 99 * * *"
dotnet build -c Release >"$work/bad-cron.log" 2>&1 || true
if grep -q "error BNT100" "$work/bad-cron.log"; then
  echo "package-smoke: invalid cron rejected at compile time (BNT100, Cronos loaded beside the analyzer)"
else
  echo "package-smoke: expected BNT100 from the packaged analyzer" >&2; tail -20 "$work/bad-cron.log" >&2; exit 1
fi
write_program "default" "0 2 * * *"
dotnet build -c Release 2>&1 | tee "$work/good.log" | tail -3
# Development: in Production a process with no REDIS_URL and no UseInMemory() refuses to start.
env -u REDIS_URL DOTNET_ENVIRONMENT=Development timeout 60 dotnet run -c Release --no-build
echo "package-smoke: passed"
