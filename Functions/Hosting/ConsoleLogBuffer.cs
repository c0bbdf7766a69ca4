using System.Buffers;
using System.Text;

namespace AuthFunctions.Hosting;

/// <summary>
/// Formatted log lines on their way to stdout/stderr, written by one thread in batches. The framework's console
/// logger wakes its writer thread and makes a write system call for every line; under load that is two thread
/// switches and a syscall per audit event. Here the writer wakes once when the buffer stops being empty, waits
/// <see cref="GatherTime"/> for the lines that follow, and writes them all at once. Nothing is dropped: a caller
/// that finds <see cref="MaxPending"/> lines waiting blocks until they are written, as the console logger's default
/// does; disposal writes what is left.
/// </summary>
internal sealed class ConsoleLogBuffer : IDisposable
{
    public static readonly TimeSpan GatherTime = TimeSpan.FromMilliseconds(20);
    public const int MaxPending = 10_000;

    private readonly object _gate = new();
    private readonly Stream _out;
    private readonly Stream _error;
    private readonly Thread _writer;
    private readonly ArrayBufferWriter<byte> _bytes = new(16 * 1024);
    private List<(bool Error, string Text)> _pending = [];
    private List<(bool Error, string Text)> _writing = [];
    private bool _stopping;

    public ConsoleLogBuffer(Stream standardOutput, Stream standardError)
    {
        _out = standardOutput;
        _error = standardError;
        _writer = new Thread(Run) { IsBackground = true, Name = "Console log writer" };
        _writer.Start();
    }

    public void Add(bool toError, string text)
    {
        lock (_gate)
        {
            while (_pending.Count >= MaxPending && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            _pending.Add((toError, text));
            if (_pending.Count == 1)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _writer.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        while (true)
        {
            bool stopping;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending.Count == 0)
                {
                    return;
                }

                stopping = _stopping;
            }

            if (!stopping)
            {
                Thread.Sleep(GatherTime);
            }

            lock (_gate)
            {
                (_pending, _writing) = (_writing, _pending);
                Monitor.PulseAll(_gate);
            }

            Write(_writing);
            _writing.Clear();
        }
    }

    /// <summary>Consecutive lines for one stream go out in one write.</summary>
    private void Write(List<(bool Error, string Text)> lines)
    {
        var start = 0;
        while (start < lines.Count)
        {
            var toError = lines[start].Error;
            var end = start;
            while (end < lines.Count && lines[end].Error == toError)
            {
                Encoding.UTF8.GetBytes(lines[end].Text, _bytes);
                end++;
            }

            try
            {
                var stream = toError ? _error : _out;
                stream.Write(_bytes.WrittenSpan);
                stream.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException)
            {
                // A closed console (the reader went away) loses its log, as the framework's console logger does; the
                // writer must live on, or callers would block once MaxPending lines are waiting.
            }

            _bytes.ResetWrittenCount();
            start = end;
        }
    }
}
