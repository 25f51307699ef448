namespace Bunsan.Federation.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void Assembly_Loads() => Assert.Equal("Bunsan.Federation", typeof(Policies.PolicyPlaceholder).Assembly.GetName().Name);
}
