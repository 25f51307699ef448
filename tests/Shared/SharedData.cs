namespace Bunsan.Tests;

/// <summary>
/// Locates ../shared (real data and public vectors) beside the repository. A user's fresh clone has
/// no shared/ folder: tests that need it skip, saying why, and only those tests.
/// </summary>
internal static class SharedData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? Root
    {
        get
        {
            string candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    /// <summary>Full path of a file under shared/, or null (with <paramref name="skipReason"/>) when shared/ or the file is absent.</summary>
    public static string? PathOf(string relative, out string skipReason)
    {
        string? root = Root;
        if (root is null)
        {
            skipReason = $"../shared/ is absent beside {RepoRoot}: this test needs {relative} from it";
            return null;
        }
        string full = Path.Combine(root, relative);
        skipReason = $"{full} is absent";
        return File.Exists(full) || Directory.Exists(full) ? full : null;
    }

    private static string FindRepoRoot()
    {
        // Baked in at build time (see the test .csproj), so binaries built outside the tree still find it.
        string? baked = typeof(SharedData).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BunsanRepoRoot")?.Value;
        if (baked is not null && File.Exists(Path.Combine(baked, "Bunsan.slnx")))
        {
            return baked;
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bunsan.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Bunsan.slnx not found above the test binaries");
    }
}
