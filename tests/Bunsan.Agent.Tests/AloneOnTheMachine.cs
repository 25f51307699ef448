namespace Bunsan.Agent.Tests;

/// <summary>Tests whose budgets assume this run is not starting other agents beside them: run after every other collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneOnTheMachine
{
    public const string Name = "alone on the machine";
}
