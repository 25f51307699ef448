namespace Bunsan.Placement.Scorers;

/// <summary>The failure domains (metro and region ids from the site index) of the replicas chosen so far.</summary>
public sealed class ChosenDomains
{
    private readonly HashSet<int> _metros = [];
    private readonly HashSet<int> _regions = [];

    public int Count { get; private set; }

    public bool HasMetro(int metro) => _metros.Contains(metro);

    public bool HasRegion(int region) => _regions.Contains(region);

    public void Add(int metro, int region)
    {
        _metros.Add(metro);
        _regions.Add(region);
        Count++;
    }
}
