using Bunsan.Executor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// `/v1/modules`: upload a WebAssembly module (its bytes as the body) and get its digest; fetch one by digest.
/// Uploads are compiled once here, so a malformed module or one that breaks the function ABI is refused at
/// deploy time with the reason, not at every site later.
/// </summary>
public static class ModuleEndpoints
{
    public static void Map(IEndpointRouteBuilder api, RouteGroupBuilder agents)
    {
        api.MapPost("/modules", async (HttpRequest request, IGrainFactory grains, ModuleChecker checker, CancellationToken cancel) =>
        {
            byte[]? bytes = await ApiBody.ReadBytesAsync(request, ModuleStore.DefaultMaxModuleBytes, cancel);
            if (bytes is null)
            {
                return ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, "module_too_large",
                    $"the module is over {ModuleStore.DefaultMaxModuleBytes:N0} bytes: shrink it (wasm-opt -Oz, strip debug sections)");
            }
            (ModuleDigest? digest, string? error) = checker.Check(bytes);
            if (digest is null)
            {
                return ApiErrors.BadRequest(error!);
            }
            await grains.Module(digest.Value.ToString()).Store(bytes);
            return Results.Json(new ModuleView(digest.Value.ToString(), bytes.Length), ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }).WithSummary("Uploads a WebAssembly module (the binary .wasm as the body, any content type); returns its digest")
          .Produces<ModuleView>(StatusCodes.Status201Created);

        agents.MapGet("/modules/{digest}", async (string digest, IGrainFactory grains) =>
        {
            if (ModuleDigest.TryParse(digest) is null)
            {
                return ApiErrors.BadRequest($"'{digest}' is not a module digest: use sha256: followed by 64 lowercase hex digits");
            }
            return await grains.Module(digest).Content() is { } content
                ? Results.Bytes(content, "application/wasm")
                : ApiErrors.NotFound($"no module {digest} was uploaded");
        }).WithSummary("A module's bytes by digest (admin or join token)");
    }
}

/// <summary>Compiles uploads in a scratch module store under the data directory (whose artefacts it also caches).</summary>
public sealed class ModuleChecker : IDisposable
{
    private readonly SandboxEngine _engine = new();
    private readonly ModuleStore _store;

    public ModuleChecker(string directory) => _store = new ModuleStore(_engine, directory);

    /// <summary>The module's digest, or why it cannot run here.</summary>
    public (ModuleDigest? Digest, string? Error) Check(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("("u8))
        {
            return (null, "the body is WebAssembly text (WAT): upload the binary (wat2wasm), or deploy with `bunsan fn deploy`, which converts .wat files");
        }
        ModuleLoadResult loaded = _store.Add(bytes);
        return loaded.Succeeded ? (loaded.Digest, null) : (null, "the module was refused: " + loaded.Error);
    }

    public void Dispose()
    {
        _store.Dispose();
        _engine.Dispose();
    }
}
