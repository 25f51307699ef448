namespace Bunsan.Cli.Tests.Data;

/// <summary>One <see cref="DataFederation"/> for every test class that queries it: starting 12 sites and loading 32 datasets is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class SharedDataFederation : ICollectionFixture<DataFederation>
{
    public const string Name = "data federation";
}
