using Bunsan.Core.Functions;

namespace Bunsan.Core.Tests.Functions;

/// <summary>A function's optional module path: kept as written when it is a relative .wat/.wasm path, refused otherwise.</summary>
public sealed class FunctionModulePathTests
{
    private static string WithModule(string moduleLine) => $$"""
        functions:
          - name: echo
            class: control
        {{moduleLine}}
            execution: { p50_ms: 1, p99_ms: 2 }
            resources: { cores: 1, memory_mib: 16 }
        """;

    [Theory]
    [InlineData("functions/echo.wat")]
    [InlineData("../examples/functions/primes.wasm")]
    public void Parse_RelativeModulePath_IsKept(string path)
    {
        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(WithModule("    module: " + path), "f.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(path, result.Functions[0].Module);
    }

    [Fact]
    public void Parse_NoModule_LeavesItNull()
    {
        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(WithModule(""), "f.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Null(result.Functions[0].Module);
    }

    [Theory]
    [InlineData("/etc/passwd.wat", "is not a relative path")]
    [InlineData("C:/modules/echo.wat", "is not a relative path")]
    [InlineData("echo.so", "is not a module file: name a .wat")]
    [InlineData("\"echo\\u0000.wat\"", "is not a relative path")]
    [InlineData("\"\"", "is 0 characters long")]
    public void Parse_BadModulePath_FailsNamingTheFunctionAndField(string path, string problem)
    {
        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(WithModule("    module: " + path), "f.yaml");

        Assert.False(result.Succeeded);
        string error = Assert.Single(result.Errors);
        Assert.Contains("functions[0] (echo): module ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}
