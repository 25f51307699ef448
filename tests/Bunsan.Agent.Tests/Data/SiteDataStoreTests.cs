using System.Security.Cryptography;
using System.Text;
using Bunsan.Agent.Data;
using Bunsan.Federation.Queries;
using DuckDB.NET.Data;

namespace Bunsan.Agent.Tests.Data;

public sealed class SiteDataStoreTests : IDisposable
{
    private const string Csv = "date,city,x\n2018-01-01,tokyo,1.5\n2018-01-02,osaka,2.5\n2019-03-01,tokyo,\n";

    private readonly TempDirectory _temp = new();

    private SiteDataStore Open() => SiteDataStore.Open(_temp.Sub("store"));

    [Fact]
    public void Load_Csv_ReturnsSchemaRowsAndDigest()
    {
        using SiteDataStore store = Open();
        string path = _temp.File("air.csv", Csv);

        DatasetLoad load = store.Load("air", path);

        Assert.Null(load.Error);
        DatasetInfo info = load.Dataset!;
        Assert.Equal([new DatasetColumn("date", "DATE"), new DatasetColumn("city", "VARCHAR"), new DatasetColumn("x", "DOUBLE")], info.Columns);
        Assert.Equal(3, info.RowCount);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Csv))), info.Digest);
        Assert.Equal("csv", info.Format);
        Assert.Equal(Csv.Length, info.FileBytes);
        Assert.Equal(info, store.Describe("air"));
    }

    [Fact]
    public void Load_Parquet_KeepsTypesAndStoresOthersAsText()
    {
        string path = _temp.Sub("typed.parquet");
        using (var writer = new DuckDBConnection("Data Source=:memory:"))
        {
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = $"COPY (SELECT 1::INTEGER AS i, 2.25::DECIMAL(10,2) AS m, TIME '10:30' AS t, [1, 2] AS l, TRUE AS b) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        using SiteDataStore store = Open();

        DatasetLoad load = store.Load("typed", path);

        Assert.Null(load.Error);
        Assert.Equal("parquet", load.Dataset!.Format);
        Assert.Equal(["INTEGER", "DECIMAL(10,2)", "VARCHAR", "VARCHAR", "BOOLEAN"], load.Dataset.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Load_PathWithQuote_IsReadSafely()
    {
        using SiteDataStore store = Open();
        string path = _temp.File("it's here.csv", Csv);

        Assert.Equal(3, store.Load("air", path).Dataset?.RowCount);
    }

    [Theory]
    [InlineData("missing.csv", null, "--file: ", "does not exist: check the path")]
    [InlineData("air.txt", Csv, "--file: ", "is neither .csv nor .parquet")]
    [InlineData("empty.csv", "", "--file: ", "is empty")]
    [InlineData("header.csv", "a,b\n", "--file: ", "has no rows")]
    [InlineData("junk.parquet", "not parquet at all", "--file: ", "cannot be read as PARQUET")]
    public void Load_BadFile_NamesTheFieldAndTheFix(string name, string? contents, string field, string fix)
    {
        using SiteDataStore store = Open();
        string path = contents is null ? _temp.Sub(name) : _temp.File(name, contents);

        DatasetLoad load = store.Load("air", path);

        Assert.Null(load.Dataset);
        Assert.StartsWith(field, load.Error, StringComparison.Ordinal);
        Assert.Contains(fix, load.Error, StringComparison.Ordinal);
        Assert.Empty(store.List());
    }

    [Fact]
    public void Load_Directory_IsRefused()
    {
        using SiteDataStore store = Open();

        Assert.Contains("is a directory", store.Load("air", _temp.Path).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileOverTheCap_IsRefused()
    {
        using SiteDataStore store = SiteDataStore.Open(_temp.Sub("small"), new SiteDataStoreOptions { MaxFileBytes = 10 });

        string? error = store.Load("air", _temp.File("air.csv", Csv)).Error;

        Assert.Contains($"is {Csv.Length} bytes, over this site's limit of 10", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Air")]
    [InlineData("../air")]
    [InlineData("air.csv")]
    [InlineData("")]
    public void Load_BadDatasetName_NamesTheField(string dataset)
    {
        using SiteDataStore store = Open();

        Assert.StartsWith("--dataset: ", store.Load(dataset, _temp.File("air.csv", Csv)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Again_ReplacesTheData()
    {
        using SiteDataStore store = Open();
        store.Load("air", _temp.File("a.csv", Csv));

        DatasetLoad again = store.Load("air", _temp.File("b.csv", "y\n1\n2\n3\n4\n"));

        Assert.Equal(4, again.Dataset!.RowCount);
        Assert.Equal([new DatasetColumn("y", "BIGINT")], store.Describe("air")!.Columns);
        Assert.Single(store.List());
    }

    [Fact]
    public void Load_FailingHalfWay_KeepsThePreviousData()
    {
        using SiteDataStore store = Open();
        DatasetInfo before = store.Load("air", _temp.File("good.csv", Csv)).Dataset!;
        // DuckDB sniffs types from the first 20,480 rows: a text value at row 30,001 fails the read after
        // tens of thousands of rows were already appended to the new table.
        var bad = new StringBuilder("n\n");
        for (int i = 0; i < 30_000; i++)
        {
            bad.Append(i).Append('\n');
        }
        bad.Append("oops\n");

        DatasetLoad load = store.Load("air", _temp.File("bad.csv", bad.ToString()));

        Assert.Contains("could not be loaded", load.Error, StringComparison.Ordinal);
        Assert.Contains("the dataset keeps its previous data", load.Error, StringComparison.Ordinal);
        Assert.Equal(before, store.Describe("air"));
        FragmentResult count = store.Run(FederatedSql.Parse("SELECT count(*) FROM air").Query!.Fragment, ["air"]);
        Assert.Equal(3, (long)count.Groups.Single().Partials[0]);
    }

    [Fact]
    public void Open_AfterDispose_StillHoldsTheDatasets()
    {
        DatasetInfo loaded;
        using (SiteDataStore store = Open())
        {
            loaded = store.Load("air", _temp.File("air.csv", Csv)).Dataset!;
        }

        using SiteDataStore reopened = Open();

        Assert.Equal([loaded], reopened.List());
        Assert.True(File.Exists(Path.Combine(_temp.Sub("store"), SiteDataStore.FileName)));
    }

    [Fact]
    public void Remove_HeldDataset_DropsIt()
    {
        using SiteDataStore store = Open();
        store.Load("air", _temp.File("air.csv", Csv));
        store.Load("water", _temp.File("water.csv", Csv));

        Assert.True(store.Remove("air"));
        Assert.False(store.Remove("air"));
        Assert.False(store.Remove("Bad Name"));
        Assert.Equal(["water"], store.List().Select(d => d.Name));
        Assert.Null(store.Describe("air"));
    }

    [Fact]
    public void Run_GroupedQuery_ReturnsKeysAndPartials()
    {
        using SiteDataStore store = Open();
        store.Load("air", _temp.File("air.csv", Csv));
        FragmentPlan plan = FederatedSql.Parse("SELECT year(date), city, count(*), sum(x) FROM air GROUP BY year(date), city").Query!.Fragment;

        FragmentResult result = store.Run(plan, ["air"]);

        Assert.Null(result.Error);
        Assert.Equal(
            ["(2018, osaka): 1 1 2500000", "(2018, tokyo): 1 1 1500000", "(2019, tokyo): 1 0 0"],
            result.Groups.Select(g => $"{g.Key}: {string.Join(' ', g.Partials)}"));
    }

    [Fact]
    public void Run_MissingColumn_NamesTheDatasetAndTheColumn()
    {
        using SiteDataStore store = Open();
        store.Load("air", _temp.File("air.csv", Csv));
        store.Load("other", _temp.File("other.csv", "date,y\n2018-01-01,1\n"));
        FragmentPlan plan = FederatedSql.Parse("SELECT avg(X) FROM federation('*')").Query!.Fragment;

        FragmentResult result = store.Run(plan, ["air", "other"]);

        Assert.Equal("dataset 'other' has no column 'X': a query may read only columns that every dataset it matches has", result.Error);
    }

    [Fact]
    public void Run_UnknownOrRepeatedDataset_IsRefused()
    {
        using SiteDataStore store = Open();
        store.Load("air", _temp.File("air.csv", Csv));
        FragmentPlan plan = FederatedSql.Parse("SELECT count(*) FROM federation('*')").Query!.Fragment;

        Assert.Equal("dataset 'water' is not held at this site", store.Run(plan, ["air", "water"]).Error);
        Assert.Equal("dataset 'air' is listed twice: its rows would count twice", store.Run(plan, ["air", "air"]).Error);
    }

    [Fact]
    public void Run_NoDatasets_GivesTheZeroGroupOnlyWithoutGroupBy()
    {
        using SiteDataStore store = Open();

        FragmentResult whole = store.Run(FederatedSql.Parse("SELECT count(*), sum(x) FROM d").Query!.Fragment, []);
        FragmentResult grouped = store.Run(FederatedSql.Parse("SELECT k, count(*) FROM d GROUP BY k").Query!.Fragment, []);

        Assert.Equal(GroupKey.Empty, whole.Groups.Single().Key);
        Assert.Equal([0, 0, 0], whole.Groups.Single().Partials);
        Assert.Empty(grouped.Groups);
    }

    [Fact]
    public void Run_TypeErrorAtTheSite_IsAnErrorNotAnException()
    {
        using SiteDataStore store = Open();
        store.Load("air", _temp.File("air.csv", Csv));

        FragmentResult result = store.Run(FederatedSql.Parse("SELECT sum(city) FROM air").Query!.Fragment, ["air"]);

        Assert.StartsWith("the fragment failed at this site: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TooManyGroups_IsRefused()
    {
        using SiteDataStore store = SiteDataStore.Open(_temp.Sub("few"), new SiteDataStoreOptions { MaxGroups = 2 });
        store.Load("air", _temp.File("air.csv", Csv));

        FragmentResult result = store.Run(FederatedSql.Parse("SELECT date, count(*) FROM air GROUP BY date").Query!.Fragment, ["air"]);

        Assert.Equal("the fragment has more than 2 groups at this site: group by coarser expressions", result.Error);
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT count(*) FROM '/etc/passwd'")]
    [InlineData("SELECT * FROM read_text('/etc/passwd')")]
    [InlineData("SELECT * FROM glob('/etc/*')")]
    [InlineData("COPY bunsan_datasets TO '/tmp/bunsan-leak.csv'")]
    [InlineData("ATTACH '/tmp/bunsan-other.duckdb' AS other")]
    [InlineData("INSTALL httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("RESET enable_external_access")]
    [InlineData("SET lock_configuration = false")]
    public void Execute_FileAccessOnTheFragmentConnection_IsRefused(string sql)
    {
        using SiteDataStore store = Open();

        FragmentResult result = store.Execute(sql, 0, 1);

        Assert.StartsWith("the fragment failed at this site: ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/bunsan-leak.csv"));
        Assert.False(File.Exists("/tmp/bunsan-other.duckdb"));
    }

    [Fact]
    public void Execute_ReadCsvOfPasswd_SaysFileAccessIsDisabled()
    {
        using SiteDataStore store = Open();

        string? error = store.Execute("SELECT count(*) FROM read_csv('/etc/passwd')", 0, 1).Error;

        Assert.Contains("Permission Error", error, StringComparison.Ordinal);
        Assert.Contains("disabled by configuration", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
