using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Amazon;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Errors;
using MaintenanceMode.IO;
using SessionAWSCredentials = Amazon.Runtime.SessionAWSCredentials;
using MaintenanceMode.Pages;

namespace MaintenanceMode.Tests.Input
{
    /// <summary>Files and answers are read as bounded streams: a FIFO, a device or an endless body is never read to its end.</summary>
    public sealed class BoundedReadTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("mm-bounded-").FullName;

        [Fact]
        public void Reads_a_regular_file_of_up_to_the_bound()
        {
            var path = Path.Combine(_folder, "page.html");
            File.WriteAllText(path, "<p>down</p>");

            Assert.Equal("<p>down</p>", Encoding.UTF8.GetString(BoundedFile.ReadAllBytes(path, 11)));
            var error = Assert.Throws<BoundedReadException>(() => BoundedFile.ReadAllBytes(path, 10));
            Assert.True(error.TooLarge);
        }

        [Fact]
        public void Refuses_dev_zero_as_a_page()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // Unix devices

            var error = Assert.Throws<PageException>(() => Load("/dev/zero"));

            Assert.Equal(ErrorIds.PageNotARegularFile, error.ErrorId);
            Assert.Contains("character device", error.Message);
        }

        [Fact]
        public async Task Refuses_a_FIFO_without_opening_it()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // Unix FIFOs
            var fifo = Path.Combine(_folder, "page.html");
            using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
            {
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            // A writer waits on the FIFO: a loader that opened it would read a valid page and not fail.
            var writer = Task.Run(() =>
            {
                using (var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(Encoding.UTF8.GetBytes("<p>down</p>"));
                }
            });

            var error = Assert.Throws<PageException>(() => Load(fifo));

            Assert.Equal(ErrorIds.PageNotARegularFile, error.ErrorId);
            Assert.Contains("FIFO", error.Message);
            Assert.False(writer.IsCompleted, "the FIFO was opened");
            using (var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read))
            {
                reader.CopyTo(Stream.Null); // lets the writer finish
            }

            await writer;
        }

        [Fact]
        public async Task Stops_reading_a_stream_past_the_bound()
        {
            var endless = new EndlessStream();

            Assert.Null(await BoundedFile.ReadStream(endless, 1000, CancellationToken.None));
            Assert.True(endless.Served <= 1001 + 8192, $"read {endless.Served} bytes");
        }

        [Fact]
        public async Task An_endless_response_body_is_read_no_further_than_the_bound()
        {
            long sent = 0;
            var served = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = new LoopbackHttpServer(async (_, stream, ct) =>
            {
                try
                {
                    var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, 0, head.Length, ct);
                    var zeros = new byte[64 * 1024];
                    // Until the client hangs up, or far past anything a bounded reader takes.
                    while (sent < 16 * QueryTransport.MaxResponseBytes)
                    {
                        await stream.WriteAsync(zeros, 0, zeros.Length, ct);
                        sent += zeros.Length;
                    }
                }
                finally
                {
                    served.TrySetResult(true);
                }
            });
            using var transport = QueryTransport.Create(server.Url, new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token"),
                RegionEndpoint.USEast1, new QueryTransportOptions { RetryPolicy = RetryPolicy.NoRetries });

            await Assert.ThrowsAnyAsync<Elbv2Exception>(() => transport.InvokeAsync("DescribeRules", new List<KeyValuePair<string, string>>(), CancellationToken.None));
            transport.Dispose(); // the connection closes, and the server stops writing
            await served.Task;

            // The bound, plus what the socket buffers held when the client stopped reading.
            Assert.True(sent < 2 * QueryTransport.MaxResponseBytes, $"the server sent {sent} bytes before the client stopped");
        }

        private static PageTemplate Load(string path) =>
            new PageLoader(new ThrowingReader()).LoadTemplateAsync(path, "text/html", CancellationToken.None).GetAwaiter().GetResult();

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private sealed class EndlessStream : Stream
        {
            public long Served { get; private set; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => Served; set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) { Array.Clear(buffer, offset, count); Served += count; return count; }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        private sealed class ThrowingReader : MaintenanceMode.Aws.S3.IS3ObjectReader
        {
            public Task<MaintenanceMode.Aws.S3.S3ObjectContent> ReadAsync(MaintenanceMode.Aws.S3.S3Uri location, long maxBytes, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("a local page is not read from S3");
        }
    }
}
