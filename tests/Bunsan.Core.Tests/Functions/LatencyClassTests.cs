using Bunsan.Core.Functions;

namespace Bunsan.Core.Tests.Functions;

public sealed class LatencyClassTests
{
    [Theory]
    [InlineData("realtime", 10)]
    [InlineData("immersive", 15)]
    [InlineData("control", 100)]
    [InlineData("interactive", 500)]
    [InlineData(" Realtime ", 10)]
    [InlineData("CONTROL", 100)]
    public void TryParse_NamedClass_GivesTheSharedInstance(string text, double budgetMs)
    {
        Assert.True(LatencyClass.TryParse(text, out LatencyClass parsed, out string? error));
        Assert.Null(error);
        Assert.Equal(budgetMs, parsed.BudgetMs);
        Assert.Contains(parsed, LatencyClass.Named);
        Assert.True(parsed.HasDeadline);
    }

    [Fact]
    public void TryParse_Batch_HasNoDeadline()
    {
        Assert.True(LatencyClass.TryParse("batch", out LatencyClass parsed, out _));
        Assert.Same(LatencyClass.Batch, parsed);
        Assert.False(parsed.HasDeadline);
    }

    [Theory]
    [InlineData("250", "250ms", 250)]
    [InlineData("250ms", "250ms", 250)]
    [InlineData("50MS", "50ms", 50)]
    [InlineData("0.5ms", "0.5ms", 0.5)]
    [InlineData("3600000ms", "3600000ms", 3_600_000)]
    public void TryParse_CustomBudget_IsNamedByItsBudget(string text, string name, double budgetMs)
    {
        Assert.True(LatencyClass.TryParse(text, out LatencyClass parsed, out string? error), error);
        Assert.Equal(new LatencyClass(name, budgetMs), parsed);
        Assert.Equal(name, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ms")]
    [InlineData("fast")]
    [InlineData("0")]
    [InlineData("0ms")]
    [InlineData("-5ms")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("3600001ms")]
    [InlineData("1e400")]
    [InlineData("10 s")]
    public void TryParse_Hostile_FailsWithTheChoices(string? text)
    {
        Assert.False(LatencyClass.TryParse(text, out LatencyClass parsed, out string? error));
        Assert.Contains("use realtime, immersive, control, interactive, batch, or a budget in ms", error, StringComparison.Ordinal);
        Assert.Same(LatencyClass.Batch, parsed);
    }
}
