using Xunit.Sdk;
using Xunit.v3;

[assembly: TestClassOrderer(typeof(EpiCommand.Testing.RandomOrder))]
[assembly: TestMethodOrderer(typeof(EpiCommand.Testing.RandomOrder))]
[assembly: TestCaseOrderer(typeof(EpiCommand.Testing.RandomOrder))]

namespace EpiCommand.Testing;

/// <summary>
/// Runs test classes, methods and cases in an order drawn from xunit's seed, so that no test can lean on another having run
/// first: a new order each run, the same order for the same seed. xunit prints the seed when the assembly starts
/// (<c>seed = N</c>); <c>dotnet test -- xUnit.Seed=N</c> (or <c>EPICOMMAND_TEST_SEED=N ./test.sh</c>) repeats that order.
/// Collections xunit already shuffles with the same seed.
/// </summary>
public sealed class RandomOrder : ITestClassOrderer, ITestMethodOrderer, ITestCaseOrderer
{
    public IReadOnlyCollection<TTestClass?> OrderTestClasses<TTestClass>(IReadOnlyCollection<TTestClass?> testClasses) where TTestClass : ITestClass =>
        Shuffle(testClasses, c => c?.UniqueID ?? "");

    public IReadOnlyCollection<TTestMethod?> OrderTestMethods<TTestMethod>(IReadOnlyCollection<TTestMethod?> testMethods) where TTestMethod : ITestMethod =>
        Shuffle(testMethods, m => m?.UniqueID ?? "");

    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases) where TTestCase : notnull, ITestCase =>
        Shuffle(testCases, c => c.UniqueID);

    /// <summary>
    /// Sorted first, then shuffled by a generator seeded from xunit's seed and the items themselves: the result depends on
    /// neither the order the items came in nor on which other group was ordered before (groups are ordered concurrently).
    /// </summary>
    private static List<T> Shuffle<T>(IReadOnlyCollection<T> items, Func<T, string> id)
    {
        var list = items.OrderBy(id, StringComparer.Ordinal).ToList();
        var random = new Random(HashCode.Combine(Randomizer.Seed, StableHash(string.Concat(list.Select(id)))));
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>FNV-1a: <see cref="string.GetHashCode()"/> differs between processes, and the order must not.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) hash = (hash ^ ch) * 16777619u;
        return unchecked((int)hash);
    }
}
