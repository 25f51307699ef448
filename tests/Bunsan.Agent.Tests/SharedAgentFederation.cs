namespace Bunsan.Agent.Tests;

/// <summary>One federation of agent processes for every test class that talks to it; their tests run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedAgentFederation : ICollectionFixture<AgentFederation>
{
    public const string Name = "agent federation";
}
