namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// One <see cref="DataFederation"/> for every test class that queries it: starting 12 sites and loading 32 datasets is the
/// slow part. Run alone: its 12 agents and a hundred queries in a row load the machine for the timing of other tests
/// (in one CI-like run the job test that waits for a dying site's late result ran out of patience beside it).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedDataFederation : ICollectionFixture<DataFederation>
{
    public const string Name = "data federation";
}
