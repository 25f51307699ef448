using System.Text;

namespace Bunsan.Executor.Tests;

public sealed class ModuleStoreTests
{
    [Fact]
    public void Add_MalformedBytes_RefusedNamingTheProblem()
    {
        using var site = new TestSite();

        ModuleLoadResult result = site.Modules.Add([0x00, 0x61, 0x73, 0x6d, 0x09, 0x00, 0x00, 0x00]);

        Assert.False(result.Succeeded);
        Assert.Contains("is not valid WebAssembly", result.Error, StringComparison.Ordinal);
        Assert.Contains("unknown binary version", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(site.Directory));
    }

    [Fact]
    public void Add_BytesNotMatchingExpectedDigest_Refused()
    {
        using var site = new TestSite();
        byte[] echo = Wasmtime.Module.ConvertText(ExampleFunctions.Echo);
        ModuleDigest other = ModuleDigest.Compute(Encoding.ASCII.GetBytes("another module"));

        ModuleLoadResult result = site.Modules.Add(echo, expected: other);

        Assert.False(result.Succeeded);
        Assert.Contains($"not the expected {other}", result.Error, StringComparison.Ordinal);
        Assert.False(site.Modules.Contains(ModuleDigest.Compute(echo)));
    }

    [Fact]
    public void Add_MatchingExpectedDigest_Stored()
    {
        using var site = new TestSite();
        byte[] echo = Wasmtime.Module.ConvertText(ExampleFunctions.Echo);

        ModuleLoadResult result = site.Modules.Add(echo, expected: ModuleDigest.Compute(echo));

        Assert.True(result.Succeeded, result.Error);
        Assert.True(site.Modules.Contains(result.Digest!.Value));
    }

    [Fact]
    public void Add_OverSizeLimit_RefusedBeforeCompiling()
    {
        using var engine = new SandboxEngine();
        string directory = Path.Combine(Path.GetTempPath(), "bunsan-executor-tests", Guid.NewGuid().ToString("N"));
        using var modules = new ModuleStore(engine, directory, maxModuleBytes: 64);
        try
        {
            ModuleLoadResult result = modules.AddText(ExampleFunctions.Echo);

            Assert.False(result.Succeeded);
            Assert.Contains("over this site's 64-byte limit", result.Error, StringComparison.Ordinal);
            Assert.Equal(0, modules.Compilations);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("""(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1))""", "imports wasi_snapshot_preview1.fd_write")]
    [InlineData("""(module (memory (export "memory") 1) (func (export "alloc") (param i32) (result i32) (i32.const 0)))""", "exports no `handle` function")]
    [InlineData("""(module (memory (export "memory") 1) (func (export "alloc") (param i32) (result i32) (i32.const 0)) (func (export "handle") (param i32 i32) (result i32) (i32.const 0)))""", "exports `handle` as (Int32, Int32) -> (Int32)")]
    [InlineData("""(module (func (export "alloc") (param i32) (result i32) (i32.const 0)) (func (export "handle") (param i32 i32) (result i64) (i64.const 0)))""", "exports no memory named `memory`")]
    public void AddText_BreaksAbi_RefusedNamingTheRule(string wat, string expected)
    {
        using var site = new TestSite();

        ModuleLoadResult result = site.Modules.AddText(wat);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AddText_InvalidText_Refused()
    {
        using var site = new TestSite();

        ModuleLoadResult result = site.Modules.AddText("(module (func (export \"handle\") (i32.bogus)))");

        Assert.False(result.Succeeded);
        Assert.Contains("is not valid WebAssembly text", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SameModuleTwice_CompiledOnce()
    {
        using var site = new TestSite();

        ModuleDigest first = site.Add(ExampleFunctions.Echo);
        ModuleDigest second = site.Add(ExampleFunctions.Echo);

        Assert.Equal(first, second);
        Assert.Equal(1, site.Modules.Compilations);
    }

    [Fact]
    public void Find_SecondStoreOverSameDirectory_LoadsPrecompiledArtefactWithoutCompiling()
    {
        using var first = new TestSite();
        ModuleDigest echo = first.Add(ExampleFunctions.Echo);
        Assert.Equal(1, first.Modules.Compilations);

        // A restarted agent: new engine, new store, same directory.
        using var restarted = new TestSite(directory: first.Directory);
        InvocationResult result = restarted.Invoke(echo, "hello");

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Equal(0, restarted.Modules.Compilations);
        Assert.Equal(1, restarted.Modules.ArtefactLoads);
    }

    [Fact]
    public void Find_CorruptArtefact_RecompilesFromBytes()
    {
        using var first = new TestSite();
        ModuleDigest echo = first.Add(ExampleFunctions.Echo);
        File.WriteAllBytes(Path.Combine(first.Directory, echo.Hex + ".cwasm"), Encoding.ASCII.GetBytes("not an ELF file"));

        using var restarted = new TestSite(directory: first.Directory);
        InvocationResult result = restarted.Invoke(echo, "hello");

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Equal(1, restarted.Modules.Compilations);
        Assert.Equal(0, restarted.Modules.ArtefactLoads);
    }

    [Fact]
    public void Find_BytesNoLongerMatchingName_TreatedAsAbsent()
    {
        using var first = new TestSite();
        ModuleDigest echo = first.Add(ExampleFunctions.Echo);
        File.Delete(Path.Combine(first.Directory, echo.Hex + ".cwasm"));
        File.WriteAllBytes(Path.Combine(first.Directory, echo.Hex + ".wasm"), Wasmtime.Module.ConvertText(ExampleFunctions.Primes));

        using var restarted = new TestSite(directory: first.Directory);

        Assert.False(restarted.Modules.Contains(echo));
        Assert.Equal(InvocationStatus.ModuleNotFound, restarted.Invoke(echo, "hello").Status);
    }
}
