using System.Text.Json;
using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class AnswerValueJsonTests
{
    [Fact]
    public void Serialize_Answer_WritesPlainJsonValues()
    {
        FederatedQuery query = FederatedSql.Parse("SELECT d, count(*) AS n, sum(x) AS s, avg(x) AS a, histogram(x, 0, 2, 1) AS h FROM t GROUP BY d").Query!;
        GroupTotals[] groups =
        [
            new(new GroupKey([new DateOnly(2018, 1, 2)]), [2, 2, 2_500_000, 0, 1, 1]),
            new(new GroupKey([null]), [1, 0, 0, 0, 0, 0]),
        ];

        string json = JsonSerializer.Serialize(QueryCombiner.Combine(query, groups, 0));

        Assert.Equal(
            "{\"Columns\":[\"d\",\"n\",\"s\",\"a\",\"h\"],\"Rows\":[" +
            "[\"2018-01-02\",2,2.5,1.25,[{\"lo\":null,\"hi\":0,\"count\":0},{\"lo\":0,\"hi\":2,\"count\":1},{\"lo\":2,\"hi\":null,\"count\":1}]]," +
            "[null,1,null,null,[{\"lo\":null,\"hi\":0,\"count\":0},{\"lo\":0,\"hi\":2,\"count\":0},{\"lo\":2,\"hi\":null,\"count\":0}]]]," +
            "\"SuppressedGroups\":0}",
            json);
    }

    [Fact]
    public void Serialize_KeyKinds_WriteAsStringsNumbersAndBooleans()
    {
        AnswerValue[] values = [AnswerValue.OfKey(true), AnswerValue.OfKey("東京"), AnswerValue.OfKey(new DateTime(2018, 1, 2, 3, 4, 5)), AnswerValue.OfKey(double.NaN), AnswerValue.OfKey(1.50m)];

        Assert.Equal("[true,\"\\u6771\\u4EAC\",\"2018-01-02T03:04:05\",\"NaN\",1.50]", JsonSerializer.Serialize(values));
    }

    [Fact]
    public void Deserialize_AnswerValue_IsRefused()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<AnswerValue>("1"));
    }
}
