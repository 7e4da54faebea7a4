using System.Net.Http.Json;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Tests;

/// <summary>Reading the API's paged lists (<see cref="Page{T}"/>) in tests.</summary>
public static class ListPages
{
    /// <summary>One page of a list.</summary>
    public static async Task<Page<T>> GetPageAsync<T>(this HttpClient client, string url) =>
        await client.GetFromJsonAsync<Page<T>>(url) ?? throw new InvalidOperationException($"{url} answered null");

    /// <summary>Every row of a list, following <c>next</c> page after page (the tests' lists are small).</summary>
    public static async Task<List<T>?> GetListAsync<T>(this HttpClient client, string url)
    {
        var rows = new List<T>();
        string? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await client.GetPageAsync<T>(after is null ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}after={Uri.EscapeDataString(after)}");
            rows.AddRange(page.Items);
            if ((after = page.Next) is null) return rows;
        }
        throw new InvalidOperationException($"{url} has more than 100 pages");
    }
}
