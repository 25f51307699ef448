using System.Text;

namespace Bunsan.Executor.Tests;

/// <summary>One site's executor over a fresh temporary module directory, removed on dispose.</summary>
internal sealed class TestSite : IDisposable
{
    public TestSite(SandboxOptions? options = null, string? directory = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "bunsan-executor-tests", Guid.NewGuid().ToString("N"));
        OwnsDirectory = directory is null;
        Engine = new SandboxEngine(options);
        Modules = new ModuleStore(Engine, Directory);
        Executor = new FunctionExecutor(Modules);
    }

    public string Directory { get; }

    public SandboxEngine Engine { get; }

    public ModuleStore Modules { get; }

    public FunctionExecutor Executor { get; }

    private bool OwnsDirectory { get; }

    /// <summary>Adds WAT that must load; fails the test with the store's reason otherwise.</summary>
    public ModuleDigest Add(string wat)
    {
        ModuleLoadResult result = Modules.AddText(wat);
        Assert.True(result.Succeeded, result.Error);
        return result.Digest!.Value;
    }

    public InvocationResult Invoke(ModuleDigest digest, string input, ExecutionLimits? limits = null) =>
        Executor.Invoke(digest, Encoding.UTF8.GetBytes(input), limits ?? ExecutionLimits.Default);

    public void Dispose()
    {
        Modules.Dispose();
        Engine.Dispose();
        if (OwnsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
