using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;

namespace EpiCommand.Web.Platform;

/// <summary>
/// The database cannot be reached — its file cannot be opened, it stays busy past the timeout, the server does not answer or
/// refuses connections — which is a state of the platform, not a fault of the request: 503 with <c>Retry-After</c>, so that
/// clients and load balancers try again later instead of reporting an error (issue 13 §faults).
/// </summary>
public sealed class DatabaseUnavailableHandler : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || httpContext.Response.HasStarted) return false;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = Messages.DatabaseUnavailable.ToString();
        await TypedResults.Problem(detail: message, statusCode: StatusCodes.Status503ServiceUnavailable, title: message,
            type: ProblemResults.TypePrefix + "database-unavailable").ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Whether <paramref name="exception"/>, or one it wraps (EF Core wraps the provider's), says the database cannot be reached now.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // SQLITE_BUSY, SQLITE_LOCKED (busy past the timeout), SQLITE_IOERR, SQLITE_CANTOPEN (the file is gone or unreadable).
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }:
                // Connection exceptions (08…), too many connections / out of resources (53…), the server shutting down (57P01–57P03).
                case Npgsql.PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                    || pg.SqlState is "57P01" or "57P02" or "57P03":
                    return true;
                // Npgsql marks socket errors, timeouts and broken connections as transient.
                case Npgsql.NpgsqlException { IsTransient: true } and not Npgsql.PostgresException:
                case SocketException:
                    return true;
            }
        }
        return false;
    }
}
