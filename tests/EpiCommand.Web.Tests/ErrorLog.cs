using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Keeps what the platform under test logs at Error or above, so that a test seeing a 500 can say which exception was behind it
/// (the answer's body says nothing outside Development; CI has only the test output).
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public override string ToString() => string.Join("\n---\n", _errors);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log._errors.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
        }
    }
}
