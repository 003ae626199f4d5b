using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using MaintenanceMode.Aws.Elbv2;
using BasicAWSCredentials = Amazon.Runtime.BasicAWSCredentials;

namespace MaintenanceMode.Tests.Moto
{
    /// <summary>
    /// The one moto_server fixture of the xunit tests: a process on a free loopback port, shared by the test
    /// collection <see cref="MotoCollection"/> and killed on dispose. ELBv2 tests talk to it through
    /// <see cref="CreateTransport"/>; S3 tests through <see cref="Client"/>, each in a bucket of its own
    /// (<see cref="CreateBucketAsync"/>), so the server is never reset under a running test.
    /// </summary>
    public sealed class MotoServerFixture : IAsyncLifetime
    {
        public const string NotFoundMessage = "moto_server was not found; install it with: pip install \"moto[server]\"";

        private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
        private readonly StringBuilder _log = new();
        private readonly string _searchPath;
        private static int _bucketCounter;
        private Process? _process;
        private Uri? _endpoint;
        private AmazonS3Client? _s3;

        public MotoServerFixture()
            : this(Environment.GetEnvironmentVariable("PATH") ?? "")
        {
        }

        /// <param name="searchPath">Where to look for moto_server, in PATH syntax (tests of the not-found message).</param>
        internal MotoServerFixture(string searchPath) => _searchPath = searchPath;

        public Uri Endpoint => _endpoint ?? throw new InvalidOperationException("moto_server has not been started.");

        /// <summary>An S3 client for moto (path-style, dummy keys), made on first use.</summary>
        public AmazonS3Client Client => _s3 ??= CreateS3Client();

        public async Task InitializeAsync()
        {
            string executable = FindOnPath("moto_server", _searchPath) ?? throw new InvalidOperationException(NotFoundMessage);
            var start = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // Port 0: moto binds a port the kernel picks and says which. A port picked here and released before moto
            // binds it could be taken by another moto or proxy starting at the same time (Pester files run beside xunit).
            foreach (string argument in new[] { "-H", "127.0.0.1", "-p", "0" })
                start.ArgumentList.Add(argument);

            _process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
            // Drain both pipes: a full pipe would block moto.
            _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
            _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            _endpoint = new Uri($"http://127.0.0.1:{await BoundPortAsync()}/");

            await WaitUntilAnsweringAsync();
        }

        /// <summary>Empties every moto backend, so a test can start from a blank account.</summary>
        public async Task ResetAsync()
        {
            using var http = new HttpClient();
            using HttpResponseMessage response = await http.PostAsync(new Uri(Endpoint, "moto-api/reset"), new StringContent(""));
            response.EnsureSuccessStatusCode();
        }

        /// <summary>A transport to moto signed for <paramref name="serviceName"/>, which is how moto picks the backend.</summary>
        public QueryTransport CreateTransport(
            string serviceName = QueryTransportOptions.DefaultServiceName,
            string apiVersion = QueryTransportOptions.DefaultApiVersion,
            RetryPolicy? retryPolicy = null,
            Action<RetryNotice>? onRetry = null)
        {
            var options = new QueryTransportOptions
            {
                ServiceName = serviceName,
                ApiVersion = apiVersion,
                // Short real backoff: moto answers some errors with HTTP 500, which is retried.
                RetryPolicy = retryPolicy ?? new RetryPolicy(maxAttempts: 2, baseDelay: TimeSpan.FromMilliseconds(10), maxDelay: TimeSpan.FromMilliseconds(50)),
                OnRetry = onRetry,
            };
            return QueryTransport.Create(Endpoint, new BasicAWSCredentials("testing", "testing"), RegionEndpoint.USEast1, options);
        }

        public AmazonS3Client CreateS3Client()
        {
            var config = new AmazonS3Config
            {
                ServiceURL = Endpoint.ToString().TrimEnd('/'),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
            };
            return new AmazonS3Client(new BasicAWSCredentials("testing", "testing"), config);
        }

        /// <summary>Creates a bucket no other test uses.</summary>
        public async Task<string> CreateBucketAsync()
        {
            string name = $"mm-test-{Interlocked.Increment(ref _bucketCounter)}-{Guid.NewGuid():N}".Substring(0, 40);
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = name }).ConfigureAwait(false);
            return name;
        }

        /// <summary>A bucket name that is valid but was never created.</summary>
        public static string MissingBucketName() => "mm-missing-" + Guid.NewGuid().ToString("N").Substring(0, 20);

        public Task DisposeAsync()
        {
            _s3?.Dispose();
            _s3 = null;
            if (_process != null)
            {
                try
                {
                    if (!_process.HasExited)
                    {
                        _process.Kill(entireProcessTree: true);
                        _process.WaitForExit(5000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the kill.
                }
                _process.Dispose();
                _process = null;
            }
            return Task.CompletedTask;
        }

        private async Task WaitUntilAnsweringAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            Uri probe = new(Endpoint, "moto-api/data.json");
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using HttpResponseMessage response = await http.GetAsync(probe);
                    if (response.StatusCode == HttpStatusCode.OK) return;
                }
                catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException)
                {
                    // Not listening yet.
                }

                if (_process!.HasExited)
                    throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before answering. Output:\n{Log()}");
                if (clock.Elapsed > StartupTimeout)
                    throw new TimeoutException($"moto_server did not answer on {Endpoint} within {StartupTimeout.TotalSeconds} s. Output:\n{Log()}");
                await Task.Delay(100);
            }
        }

        private static string? FindOnPath(string name, string searchPath)
        {
            string[] extensions = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';').Prepend("").ToArray()
                : new[] { "" };
            foreach (string directory in searchPath.Split(Path.PathSeparator))
            {
                if (directory.Length == 0) continue;
                foreach (string extension in extensions)
                {
                    string candidate = Path.Combine(directory, name + extension);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        /// <summary>The port moto says it bound ("Running on http://127.0.0.1:PORT").</summary>
        private async Task<int> BoundPortAsync()
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                Match said = Regex.Match(Log(), @"Running on http://127\.0\.0\.1:(\d+)");
                if (said.Success) return int.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (_process!.HasExited)
                    throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before saying its port. Output:\n{Log()}");
                if (clock.Elapsed > StartupTimeout)
                    throw new TimeoutException($"moto_server did not say its port within {StartupTimeout.TotalSeconds} s. Output:\n{Log()}");
                await Task.Delay(50);
            }
        }

        private void AppendLog(string? line)
        {
            if (line == null) return;
            lock (_log)
            {
                if (_log.Length < 64 * 1024) _log.AppendLine(line);
            }
        }

        private string Log()
        {
            lock (_log) return _log.ToString();
        }
    }
}
