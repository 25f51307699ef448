using Bunsan.ControlPlane.Functions;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Tests.Functions;

public sealed class FunctionGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Deploy_ValidSpec_IsListedAndReadBackWithItsDigest()
    {
        string name = Samples.UniqueId("collision-warning");

        ChangeResult result = await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name), Samples.Digest);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        FunctionDeployment? deployment = await fixture.Grains.Function(name).GetDeployment();
        Assert.NotNull(deployment);
        FunctionSpec spec = deployment.Spec;
        Assert.Equal((name, Samples.Digest), (spec.Name, spec.ModuleDigest));
        Assert.Same(LatencyClass.Realtime, spec.Class);
        Assert.Equal(new ExecutionTime(1.2, 3), spec.Execution);
        Assert.Equal(new InvocationResources(0.5, 64), spec.Resources);
        Assert.Equal(["JP"], spec.Residency);
        Assert.Equal((2, 8), (spec.MinReplicas, spec.MaxReplicas));
        Assert.Equal(fixture.Clock.GetUtcNow(), deployment.DeployedAt);
        Assert.Contains(name, await fixture.Grains.FunctionCatalog().List());
        Assert.Equal(1, await StoredRows.CountAsync(fixture.DatabasePath, "function", name));
    }

    [Fact]
    public async Task Deploy_Again_ReplacesTheDeployment()
    {
        string name = Samples.UniqueId("resize");
        await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name), Samples.Digest);

        FunctionSpec slower = Samples.CollisionWarning(name) with { Class = LatencyClass.Interactive, Execution = new ExecutionTime(40, 120) };
        ChangeResult result = await fixture.Grains.Function(name).Deploy(slower, Samples.Digest);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Same(LatencyClass.Interactive, (await fixture.Grains.Function(name).GetDeployment())!.Spec.Class);
        Assert.Single(await fixture.Grains.FunctionCatalog().List(), n => n == name);
    }

    [Fact]
    public async Task Remove_DeployedFunction_UnlistsAndDeletesItsRow()
    {
        string name = Samples.UniqueId("resize");
        await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name), Samples.Digest);

        bool removed = await fixture.Grains.Function(name).Remove();
        bool again = await fixture.Grains.Function(name).Remove();

        Assert.True(removed);
        Assert.False(again);
        Assert.Null(await fixture.Grains.Function(name).GetDeployment());
        Assert.DoesNotContain(name, await fixture.Grains.FunctionCatalog().List());
        Assert.Equal(0, await StoredRows.CountAsync(fixture.DatabasePath, "function", name));
    }

    [Fact]
    public async Task Deploy_WithModulePath_KeepsItThroughStorage()
    {
        string name = Samples.UniqueId("echo");

        ChangeResult result = await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name) with { Module = "functions/echo.wat" }, Samples.Digest);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("functions/echo.wat", (await fixture.Grains.Function(name).GetDeployment())!.Spec.Module);
    }

    [Fact]
    public async Task Deploy_SpecBreakingCatalogRules_RejectedNamingFieldsAndStoresNothing()
    {
        string name = Samples.UniqueId("slow");
        FunctionSpec bad = Samples.CollisionWarning(name) with
        {
            Execution = new ExecutionTime(5, 30),
            Resources = new InvocationResources(0, 64),
            MinReplicas = 4,
            MaxReplicas = 2,
        };

        ChangeResult result = await fixture.Grains.Function(name).Deploy(bad, Samples.Digest);

        Assert.Equal([
            "execution.p99_ms is 30, above the realtime budget of 10 ms: no site could meet the deadline; speed the function up or choose a longer class",
            "resources.cores is 0: use a number > 0 and <= 1024",
            "replicas.max is 2, below min 4: make max >= min",
        ], result.Errors);
        Assert.Null(await fixture.Grains.Function(name).GetDeployment());
        Assert.DoesNotContain(name, await fixture.Grains.FunctionCatalog().List());
        Assert.Equal(0, await StoredRows.CountAsync(fixture.DatabasePath, "function", name));
    }

    [Theory]
    [InlineData("", "module_digest is empty")]
    [InlineData("sha256:ABC", "module_digest 'sha256:ABC' is not a module digest")]
    public async Task Deploy_BadDigest_Rejected(string digest, string expected)
    {
        string name = Samples.UniqueId("resize");

        ChangeResult result = await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name), digest);

        Assert.StartsWith(expected, Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Null(await fixture.Grains.Function(name).GetDeployment());
    }

    [Fact]
    public async Task Deploy_NameOrDigestDisagreeingWithTheCall_Rejected()
    {
        string name = Samples.UniqueId("resize");
        string otherDigest = "sha256:" + new string('0', 64);

        ChangeResult wrongName = await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning("other"), Samples.Digest);
        ChangeResult wrongDigest = await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name) with { ModuleDigest = otherDigest }, Samples.Digest);
        ChangeResult wrongBudget = await fixture.Grains.Function(name).Deploy(Samples.CollisionWarning(name) with { Class = new LatencyClass("realtime", 50) }, Samples.Digest);

        Assert.Equal([$"name 'other' differs from the function addressed, '{name}': deploy a function under its own name"], wrongName.Errors);
        Assert.StartsWith($"module_digest '{otherDigest}' in the spec differs", Assert.Single(wrongDigest.Errors), StringComparison.Ordinal);
        Assert.StartsWith("class 'realtime' has a budget of 10 ms, not 50", Assert.Single(wrongBudget.Errors), StringComparison.Ordinal);
        Assert.Null(await fixture.Grains.Function(name).GetDeployment());
    }

    [Fact]
    public async Task Deploy_CustomAndBatchClasses_KeepTheirBudgets()
    {
        string custom = Samples.UniqueId("archive");
        string batch = Samples.UniqueId("report");

        await fixture.Grains.Function(custom).Deploy(Samples.CollisionWarning(custom) with { Class = new LatencyClass("250ms", 250), Residency = [] }, Samples.Digest);
        await fixture.Grains.Function(batch).Deploy(Samples.CollisionWarning(batch) with { Class = LatencyClass.Batch }, Samples.Digest);

        FunctionSpec customSpec = (await fixture.Grains.Function(custom).GetDeployment())!.Spec;
        Assert.Equal(("250ms", 250.0), (customSpec.Class.Name, customSpec.Class.BudgetMs));
        Assert.Empty(customSpec.Residency);
        Assert.Same(LatencyClass.Batch, (await fixture.Grains.Function(batch).GetDeployment())!.Spec.Class);
    }
}
