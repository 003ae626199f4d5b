using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace MaintenanceMode.Tests.S3
{
    /// <summary>
    /// One moto_server on a free loopback port for the S3 tests. Tests isolate themselves by creating
    /// their own bucket (<see cref="CreateBucketAsync"/>), so the server is never reset under a running test.
    /// </summary>
    public sealed class S3MotoServerFixture : IAsyncLifetime
    {
        private static int _bucketCounter;
        private Process? _process;

        public string Endpoint { get; private set; } = string.Empty;

        public AmazonS3Client Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            int port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            var start = new ProcessStartInfo("moto_server")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add("-p");
            start.ArgumentList.Add(port.ToString());
            try
            {
                _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException("moto_server was not found on PATH; install it with: pip install \"moto[server]\"", ex);
            }

            // Drain its output so a full pipe never blocks it.
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();

            await WaitUntilReadyAsync().ConfigureAwait(false);
            Client = CreateClient();
        }

        public Task DisposeAsync()
        {
            Client?.Dispose();
            if (_process != null && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process?.Dispose();
            return Task.CompletedTask;
        }

        public AmazonS3Client CreateClient()
        {
            var config = new AmazonS3Config
            {
                ServiceURL = Endpoint,
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

        private async Task WaitUntilReadyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            DateTime deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    using HttpResponseMessage response = await http.GetAsync(Endpoint + "/moto-api/data.json").ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                if (_process!.HasExited)
                {
                    throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before answering on {Endpoint}.");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"moto_server did not answer on {Endpoint} within 60 seconds.");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class S3MotoCollection : ICollectionFixture<S3MotoServerFixture>
    {
        public const string Name = "S3 against moto";
    }
}
