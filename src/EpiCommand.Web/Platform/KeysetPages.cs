namespace EpiCommand.Web.Platform;

/// <summary>
/// Where a page's table stands in a keyset-paged list (issue 12 §1): the cursor that starts each page seen so far, so that
/// "previous" goes back without OFFSET and "next" follows the cursor the last page handed out. A browser holds one page.
/// </summary>
public sealed class KeysetPages(int size = Paging.DefaultPageSize)
{
    private readonly List<string?> _starts = [null];

    public int Size { get; } = Math.Clamp(size, 1, Paging.MaxPageSize);

    /// <summary>The page shown, from 0.</summary>
    public int Index { get; private set; }

    public string? Next { get; private set; }

    /// <summary>Rows matching, from the first page: exact, or <see cref="MoreThan"/>.</summary>
    public int? Total { get; private set; }

    public int? MoreThan { get; private set; }

    public int Shown { get; private set; }

    public PageRequest Request => new(_starts[Index], Size);

    public bool HasPrevious => Index > 0;

    public bool HasNext => Next is not null;

    /// <summary>Back to the first page (a filter or the search changed).</summary>
    public void Reset()
    {
        _starts.Clear();
        _starts.Add(null);
        Index = 0;
        Next = null;
        Total = MoreThan = null;
    }

    public void Loaded<T>(Page<T> page)
    {
        Next = page.Next;
        Shown = page.Items.Count;
        if (Index == 0) (Total, MoreThan) = (page.Total, page.MoreThan);
    }

    public void Forward()
    {
        if (Next is null) return;
        _starts.RemoveRange(Index + 1, _starts.Count - Index - 1);
        _starts.Add(Next);
        Index++;
    }

    public void Back()
    {
        if (Index > 0) Index--;
    }
}
