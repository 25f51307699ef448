using System.Collections.Frozen;
using Bunsan.Executor;

namespace Bunsan.Agent;

/// <summary>
/// Loads the modules of the functions placed on this site into its <see cref="ModuleStore"/> at start-up,
/// checking each against the catalog's <c>module_digest</c> when it gives one, so an agent never starts with a
/// module other than the one the catalog names.
/// </summary>
public static class SiteModules
{
    /// <summary>The module digest of every function hosted here by name, or the first problem (naming the function and file).</summary>
    public static (FrozenDictionary<string, ModuleDigest>? Digests, string? Error) Load(Federation federation, string catalogDirectory, ModuleStore store)
    {
        ArgumentNullException.ThrowIfNull(federation);
        ArgumentNullException.ThrowIfNull(store);
        var digests = new Dictionary<string, ModuleDigest>(StringComparer.Ordinal);
        foreach (FunctionRoute function in federation.HostedHere)
        {
            string path = Path.GetFullPath(Path.Combine(catalogDirectory, function.Spec.Module!));
            string context = $"function '{function.Name}' (module {path})";
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return (null, $"{context}: the file does not exist: fix the module path, relative to the catalog's folder");
            }
            if (file.Length > store.MaxModuleBytes)
            {
                return (null, $"{context}: {file.Length:N0} bytes is over the {store.MaxModuleBytes:N0}-byte module limit");
            }
            ModuleLoadResult loaded = path.EndsWith(".wat", StringComparison.Ordinal)
                ? store.AddText(File.ReadAllText(path))
                : store.Add(File.ReadAllBytes(path));
            if (!loaded.Succeeded)
            {
                return (null, $"{context}: {loaded.Error}");
            }
            ModuleDigest digest = loaded.Digest!.Value;
            if (function.Spec.ModuleDigest.Length > 0 && function.Spec.ModuleDigest != digest.ToString())
            {
                return (null, $"{context}: the module's digest is {digest}, not the catalog's module_digest {function.Spec.ModuleDigest}: update module_digest or restore the module");
            }
            digests[function.Name] = digest;
        }
        return (digests.ToFrozenDictionary(StringComparer.Ordinal), null);
    }
}
