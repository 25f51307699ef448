using System.Text.Json;
using Bunsan.Cli.Commands;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>`audit entries --dataset D` keeps the entries that name D, as "dataset" or among "datasets".</summary>
public sealed class AuditDatasetFilterTests
{
    [Theory]
    [InlineData("""{"kind":"query.run","datasets":["sales","visits"]}""", "visits", true)]
    [InlineData("""{"kind":"usage-policy.changed","dataset":"visits"}""", "visits", true)]
    [InlineData("""{"kind":"query.run","datasets":["sales"]}""", "visits", false)]
    [InlineData("""{"kind":"query.run","datasets":"visits"}""", "visits", false)]
    [InlineData("""{"kind":"query.run","datasets":[1,{"visits":true}]}""", "visits", false)]
    [InlineData("""{"kind":"site.joined","id":"visits"}""", "visits", false)]
    [InlineData("""["visits"]""", "visits", false)]
    public void MentionsDataset_OnlyTheNamedDataset(string entry, string dataset, bool expected)
    {
        using JsonDocument json = JsonDocument.Parse(entry);

        Assert.Equal(expected, AuditEntriesCommand.MentionsDataset(json.RootElement, dataset));
    }
}
