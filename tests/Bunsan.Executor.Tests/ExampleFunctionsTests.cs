using Bunsan.Tests;

namespace Bunsan.Executor.Tests;

public sealed class ExampleFunctionsTests
{
    [Fact]
    public void EveryExampleFile_LoadsAndFollowsAbi()
    {
        string[] files = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "examples", "functions"), "*.wat");
        using var site = new TestSite();

        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            ModuleLoadResult result = site.Modules.AddText(File.ReadAllText(file));
            Assert.True(result.Succeeded, $"{Path.GetFileName(file)}: {result.Error}");
        });
    }
}
