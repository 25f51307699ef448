using Bunsan.ControlPlane.Sites;

namespace Bunsan.ControlPlane.Tests.Sites;

/// <summary>An agent's ingress report is untrusted input: every bad entry is refused with the field and the fix.</summary>
public sealed class SiteLoadIngressTests
{
    [Fact]
    public void GoodIngress_IsValid_AndReadByFunction()
    {
        var load = Load(new FunctionIngress("collision-warning", 12.5), new FunctionIngress("route-planner", 0));

        Assert.Empty(load.Validate());
        Assert.Equal(12.5, load.IngressOf("collision-warning"));
        Assert.Equal(0, load.IngressOf("absent"));
        Assert.Equal(0, new SiteLoad(0.1, 0, DateTimeOffset.UnixEpoch).IngressOf("collision-warning"));
    }

    [Theory]
    [InlineData("", 1, "ingress.function is empty")]
    [InlineData("../etc", 1, "ingress.function '../etc' has the character '/'")]
    [InlineData("..", 1, "ingress.function '..' is a path segment")]
    [InlineData("f", -1, "ingress.rps of 'f' is -1: use requests per second from 0 to 10000000")]
    [InlineData("f", double.NaN, "ingress.rps of 'f' is NaN")]
    [InlineData("f", double.PositiveInfinity, "ingress.rps of 'f' is Infinity")]
    [InlineData("f", 1e9, "ingress.rps of 'f' is 1000000000")]
    public void BadEntry_IsRefused_NamingTheField(string function, double rps, string expected)
    {
        IReadOnlyList<string> errors = Load(new FunctionIngress(function, rps)).Validate();

        Assert.Single(errors);
        Assert.StartsWith(expected, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateNullOrTooManyEntries_AreRefused()
    {
        Assert.Equal(["ingress names 'f' twice: send one rate per function"], Load(new FunctionIngress("f", 1), new FunctionIngress("f", 2)).Validate());
        Assert.Equal(["ingress has an entry without a function: send function and rps"], Load(new FunctionIngress(null!, 1)).Validate());
        FunctionIngress[] flood = [.. Enumerable.Range(0, SiteLoad.MaxIngressFunctions + 1).Select(i => new FunctionIngress("f" + i, 1))];
        Assert.Equal([$"ingress has {flood.Length} entries: report at most {SiteLoad.MaxIngressFunctions} functions"], Load(flood).Validate());
    }

    private static SiteLoad Load(params FunctionIngress[] ingress) => new(0.1, 0, DateTimeOffset.UnixEpoch, [.. ingress]);
}
