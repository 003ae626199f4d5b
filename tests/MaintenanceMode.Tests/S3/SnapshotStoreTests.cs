using Amazon.S3;
using Amazon.S3.Model;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;
using MaintenanceMode.Tests.Moto;
using MaintenanceMode.State;

namespace MaintenanceMode.Tests.S3
{
    [Collection(MotoCollection.Name)]
    public sealed class SnapshotStoreTests(MotoServerFixture moto)
    {
        private const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";

        private async Task<SnapshotStore> NewStoreAsync(StoreEncryption? encryption = null)
        {
            string bucket = await moto.CreateBucketAsync();
            return new SnapshotStore(moto.Client, S3Uri.Parse($"s3://{bucket}/maintenance/"), encryption);
        }

        private Task<GetObjectMetadataResponse> HeadAsync(SnapshotStore store, string key) =>
            moto.Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = store.Location.Bucket, Key = key });

        [Fact]
        public async Task PutNew_then_Get_returns_the_content_and_its_etag()
        {
            SnapshotStore store = await NewStoreAsync();
            string key = store.Layout.SnapshotKey(ListenerArn);

            string eTag = await store.PutNewAsync(key, "{\"rules\":[\"é\"]}", CancellationToken.None);
            StoredObject? stored = await store.GetAsync(key, CancellationToken.None);

            Assert.NotNull(stored);
            Assert.Equal("{\"rules\":[\"é\"]}", stored!.Content);
            Assert.Equal(eTag, stored.ETag);
        }

        [Fact]
        public async Task Get_of_a_missing_snapshot_is_null()
        {
            SnapshotStore store = await NewStoreAsync();

            Assert.Null(await store.GetAsync(store.Layout.SnapshotKey(ListenerArn), CancellationToken.None));
        }

        [Fact]
        public async Task PutNew_never_overwrites_an_existing_snapshot()
        {
            SnapshotStore store = await NewStoreAsync();
            string key = store.Layout.SnapshotKey(ListenerArn);
            await store.PutNewAsync(key, "{\"v\":1}", CancellationToken.None);

            var ex = await Assert.ThrowsAsync<SnapshotAlreadyExistsException>(() => store.PutNewAsync(key, "{\"v\":2}", CancellationToken.None));

            Assert.Equal("SnapshotAlreadyExists", ex.ErrorId);
            Assert.Contains(key, ex.Message);
            Assert.Equal("{\"v\":1}", (await store.GetAsync(key, CancellationToken.None))!.Content);
        }

        [Fact]
        public async Task Replace_with_the_current_etag_writes_and_returns_a_new_etag()
        {
            SnapshotStore store = await NewStoreAsync();
            string key = store.Layout.SnapshotKey(ListenerArn);
            string first = await store.PutNewAsync(key, "{\"v\":1}", CancellationToken.None);

            string second = await store.ReplaceAsync(key, "{\"v\":2}", first, CancellationToken.None);

            Assert.NotEqual(first, second);
            Assert.Equal("{\"v\":2}", (await store.GetAsync(key, CancellationToken.None))!.Content);
        }

        [Fact]
        public async Task Replace_with_a_stale_etag_fails_and_writes_nothing()
        {
            SnapshotStore store = await NewStoreAsync();
            string key = store.Layout.SnapshotKey(ListenerArn);
            string stale = await store.PutNewAsync(key, "{\"v\":1}", CancellationToken.None);
            await store.ReplaceAsync(key, "{\"v\":2}", stale, CancellationToken.None);

            var ex = await Assert.ThrowsAsync<SnapshotChangedException>(() => store.ReplaceAsync(key, "{\"v\":3}", stale, CancellationToken.None));

            Assert.Equal("SnapshotChanged", ex.ErrorId);
            Assert.Equal("{\"v\":2}", (await store.GetAsync(key, CancellationToken.None))!.Content);
        }

        [Fact]
        public async Task Replace_of_a_snapshot_that_vanished_fails()
        {
            SnapshotStore store = await NewStoreAsync();
            string key = store.Layout.SnapshotKey(ListenerArn);
            string eTag = await store.PutNewAsync(key, "{}", CancellationToken.None);
            await store.DeleteAsync(key, null, CancellationToken.None);

            await Assert.ThrowsAsync<SnapshotChangedException>(() => store.ReplaceAsync(key, "{\"v\":2}", eTag, CancellationToken.None));
            Assert.Null(await store.GetAsync(key, CancellationToken.None));
        }

        [Fact]
        public async Task Delete_with_a_stale_etag_fails_and_keeps_the_object_while_the_current_etag_deletes()
        {
            SnapshotStore store = await NewStoreAsync();
            string key = store.Layout.SnapshotKey(ListenerArn);
            string stale = await store.PutNewAsync(key, "{\"v\":1}", CancellationToken.None);
            string current = await store.ReplaceAsync(key, "{\"v\":2}", stale, CancellationToken.None);

            await Assert.ThrowsAsync<SnapshotChangedException>(() => store.DeleteAsync(key, stale, CancellationToken.None));
            Assert.NotNull(await store.GetAsync(key, CancellationToken.None));

            Assert.True(await store.DeleteAsync(key, current, CancellationToken.None));
            Assert.Null(await store.GetAsync(key, CancellationToken.None));
            Assert.False(await store.DeleteAsync(key, current, CancellationToken.None));
        }

        [Fact]
        public async Task By_default_writes_ask_for_no_encryption_so_the_bucket_default_applies()
        {
            // A bucket without default encryption (only an emulator has one): what was sent is what is stored.
            SnapshotStore plain = await NewStoreAsync();
            string key = plain.Layout.SnapshotKey(ListenerArn);
            await plain.PutNewAsync(key, "{}", CancellationToken.None);
            var plainHead = await HeadAsync(plain, key);
            Assert.True(plainHead.ServerSideEncryptionMethod == null || string.IsNullOrEmpty(plainHead.ServerSideEncryptionMethod.Value), plainHead.ServerSideEncryptionMethod?.Value);
            Assert.Null(plain.EncryptionOf(key));

            // A bucket whose default is SSE-KMS: objects come out encrypted with its key, and the store says so.
            const string BucketKey = "arn:aws:kms:us-east-1:123456789012:key/bucket-default-key";
            SnapshotStore store = await NewStoreAsync();
            await moto.Client.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = store.Location.Bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules = new System.Collections.Generic.List<ServerSideEncryptionRule>
                    {
                        new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = BucketKey } },
                    },
                },
            });

            string eTag = await store.PutNewAsync(key, "{}", CancellationToken.None);
            Assert.Equal("aws:kms (" + BucketKey + ")", store.EncryptionOf(key));
            await store.ReplaceAsync(key, "{\"v\":2}", eTag, CancellationToken.None);
            GetObjectMetadataResponse head = await HeadAsync(store, key);
            Assert.Equal(ServerSideEncryptionMethod.AWSKMS, head.ServerSideEncryptionMethod);
            Assert.Equal(BucketKey, head.ServerSideEncryptionKeyManagementServiceKeyId);

            var fresh = new SnapshotStore(moto.Client, store.Location);
            StoredObject? read = await fresh.GetAsync(key, CancellationToken.None);
            Assert.Equal("aws:kms (" + BucketKey + ")", read!.Encryption);
            Assert.Equal(read.Encryption, fresh.EncryptionOf(key));
        }

        [Fact]
        public async Task Aes256_asked_for_explicitly_is_still_sent()
        {
            SnapshotStore store = await NewStoreAsync(StoreEncryption.Aes256);
            string key = store.Layout.SnapshotKey(ListenerArn);

            await store.PutNewAsync(key, "{}", CancellationToken.None);

            Assert.Equal(ServerSideEncryptionMethod.AES256, (await HeadAsync(store, key)).ServerSideEncryptionMethod);
            Assert.Equal("AES256", store.EncryptionOf(key));
        }

        [Fact]
        public async Task Kms_encryption_sends_the_key_id()
        {
            const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            SnapshotStore store = await NewStoreAsync(StoreEncryption.Kms(KeyArn));
            string key = store.Layout.SnapshotKey(ListenerArn);

            await store.PutNewAsync(key, "{}", CancellationToken.None);
            GetObjectMetadataResponse head = await HeadAsync(store, key);

            Assert.Equal(ServerSideEncryptionMethod.AWSKMS, head.ServerSideEncryptionMethod);
            Assert.Equal(KeyArn, head.ServerSideEncryptionKeyManagementServiceKeyId);
            Assert.Equal("aws:kms (" + KeyArn + ")", store.EncryptionOf(key));
        }

        [Fact]
        public async Task A_missing_bucket_is_S3BucketNotFound_naming_the_location()
        {
            string bucket = MotoServerFixture.MissingBucketName();
            var store = new SnapshotStore(moto.Client, S3Uri.Parse($"s3://{bucket}/m/"));

            var ex = await Assert.ThrowsAsync<S3StoreException>(() => store.PutNewAsync(store.Layout.SnapshotKey(ListenerArn), "{}", CancellationToken.None));

            Assert.Equal(ErrorIds.S3BucketNotFound, ex.ErrorId);
            Assert.Contains($"s3://{bucket}/m/", ex.Message);
        }

        [Fact]
        public async Task Keys_outside_the_store_folder_are_refused_before_any_request()
        {
            SnapshotStore store = await NewStoreAsync();

            await Assert.ThrowsAsync<ArgumentException>(() => store.PutNewAsync("elsewhere/x.json", "{}", CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync("maintenance/", null, CancellationToken.None));
        }
    }
}
