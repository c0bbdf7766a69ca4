using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>
/// The console logger of the standalone host: the framework's formatters and <c>Logging:Console</c> settings
/// (formatter, <c>LogToStandardErrorThreshold</c>, levels), written through <see cref="ConsoleLogBuffer"/> in batches
/// instead of a write per line. The worker logs through the Functions host and does not use it.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BufferedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly ConsoleLogBuffer _buffer = new(Console.OpenStandardOutput(), Console.OpenStandardError());
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public BufferedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
    {
        _options = options;
        _formatters = formatters.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _buffer.Dispose();

    private ConsoleFormatter Formatter =>
        _formatters.GetValueOrDefault(_options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple) ?? _formatters[ConsoleFormatterNames.Simple];

    private sealed class Logger(BufferedConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            using var text = new StringWriter();
            provider.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, text);
            var line = text.ToString();
            if (line.Length > 0)
            {
                provider._buffer.Add(logLevel >= provider._options.CurrentValue.LogToStandardErrorThreshold, line);
            }
        }
    }
}
