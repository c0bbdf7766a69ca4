using System.Text;
using AuthFunctions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>The standalone host's console log: batched writes that lose, reorder and misroute nothing.</summary>
public sealed class ConsoleLogBufferTests
{
    [Fact]
    public void Every_line_from_many_threads_is_written_once_and_in_each_threads_order()
    {
        var output = new CountingStream();
        using (var buffer = new ConsoleLogBuffer(output, new CountingStream()))
        {
            Parallel.For(0, 8, thread =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    buffer.Add(false, $"{thread}:{i}\n");
                }
            });
        }

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(16_000);
        foreach (var thread in lines.GroupBy(l => l.Split(':')[0]))
        {
            thread.Select(l => int.Parse(l.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(0, 2_000));
        }

        // Batched: far fewer writes than lines.
        output.Writes.ShouldBeLessThan(16_000 / 10);
    }

    [Fact]
    public void Lines_for_the_error_stream_go_there_and_the_rest_to_the_output()
    {
        var output = new CountingStream();
        var error = new CountingStream();
        using (var buffer = new ConsoleLogBuffer(output, error))
        {
            buffer.Add(false, "one\n");
            buffer.Add(true, "two\n");
            buffer.Add(false, "three\n");
        }

        output.Text.ShouldBe("one\nthree\n");
        error.Text.ShouldBe("two\n");
    }

    [Fact]
    public void A_line_is_written_soon_without_waiting_for_disposal()
    {
        var output = new CountingStream();
        using var buffer = new ConsoleLogBuffer(output, new CountingStream());

        buffer.Add(false, "now\n");

        SpinWait.SpinUntil(() => output.Text.Length > 0, TimeSpan.FromSeconds(5)).ShouldBeTrue();
        output.Text.ShouldBe("now\n");
    }

    [Fact]
    public void A_closed_console_loses_its_log_but_not_the_app()
    {
        var buffer = new ConsoleLogBuffer(new ClosedStream(), new ClosedStream());

        buffer.Add(false, "lost\n");
        buffer.Add(true, "lost too\n");

        Should.NotThrow(buffer.Dispose);
    }

    [Fact]
    public void After_a_failed_write_the_writer_goes_on_writing()
    {
        var output = new FailsOnceStream();
        using var buffer = new ConsoleLogBuffer(output, new CountingStream());

        buffer.Add(false, "lost\n");
        SpinWait.SpinUntil(() => output.Failed, TimeSpan.FromSeconds(5)).ShouldBeTrue();
        buffer.Add(false, "kept\n");

        SpinWait.SpinUntil(() => output.Text.Length > 0, TimeSpan.FromSeconds(5)).ShouldBeTrue();
        output.Text.ShouldBe("kept\n");
    }

    [Fact]
    public void The_standalone_host_logs_through_the_buffered_console_only()
    {
        var app = LocalHost.Create(["--environment=Development"]);

        var providers = app.Services.GetServices<ILoggerProvider>().ToList();
        providers.OfType<BufferedConsoleLoggerProvider>().Count().ShouldBe(1);
        providers.OfType<ConsoleLoggerProvider>().ShouldBeEmpty();
    }

    private sealed class CountingStream : MemoryStream
    {
        private readonly object _gate = new();

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                Writes++;
                base.Write(buffer);
            }
        }
    }

    private sealed class FailsOnceStream : MemoryStream
    {
        private readonly CountingStream _written = new();

        public bool Failed { get; private set; }

        public string Text => _written.Text;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!Failed)
            {
                Failed = true;
                throw new ObjectDisposedException("stdout");
            }

            _written.Write(buffer);
        }
    }

    private sealed class ClosedStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("Broken pipe");
    }
}
