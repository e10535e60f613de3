# Jawaban API Paritrana: Bahasa Indonesia (`detail` pada problem details dan
# `message` pada setiap isian).


## Jawaban umum

# Judul setiap jenis masalah (`title`, hanya dalam Bahasa Indonesia).
problem-validation = Data tidak valid
problem-bad-request = Permintaan tidak valid
problem-unauthenticated = Perlu masuk
problem-forbidden = Akses ditolak
problem-not-found = Tidak ditemukan
problem-method-not-allowed = Metode tidak diizinkan
problem-conflict = Konflik data
problem-refused = Belum dapat dilakukan
problem-precondition-failed = Versi tidak cocok
problem-payload-too-large = Data terlalu besar
problem-unsupported-media-type = Jenis konten tidak didukung
problem-too-many-requests = Terlalu banyak percobaan
problem-unavailable = Layanan tidak tersedia
problem-internal = Kesalahan server

# $count: banyaknya isian yang salah. $seconds: lama menunggu.
error-validation = Ada { $count } isian yang perlu diperbaiki.
error-too-many-requests = Terlalu banyak percobaan gagal. Coba lagi dalam { $seconds } detik.

error-forbidden = Anda tidak berwenang melakukan tindakan ini.
error-stale-version = Data telah diubah oleh orang lain. Muat ulang lalu ulangi perubahan Anda.
error-method-not-allowed = Metode HTTP ini tidak didukung untuk alamat ini.
error-precondition-failed = Data telah diubah sejak versi yang Anda kirim di If-Match. Muat ulang lalu ulangi.
error-payload-too-large = Isi permintaan melebihi batas ukuran.
error-unsupported-media-type = Kirim isi permintaan sebagai application/json.
error-unavailable = Layanan sedang tidak dapat menjangkau basis data. Coba lagi sebentar lagi.
error-internal = Terjadi kesalahan pada server. Kejadian ini sudah dicatat.
error-duplicate = Data yang sama sudah ada.
error-missing-or-in-use = Data ini terkait dengan data lain yang tidak ada atau masih dipakai.

# Permintaan yang tidak dapat dibaca server. $reason dan $cause: pesan pengurai (parser), dalam bahasa Inggris.
request-not-processable = Permintaan tidak dapat diproses.
request-field-mismatch = Isian tidak sesuai: { $reason }.
request-json-invalid = Isi permintaan bukan JSON yang sah: { $cause }.
request-body-unreadable = Isi permintaan tidak dapat dibaca: { $cause }.
request-query-invalid = Parameter alamat tidak valid: { $cause }.
request-path-invalid = Alamat tidak valid: { $cause }.
if-match-version = If-Match harus berisi versi, mis. "3".

text-control-character = Teks berisi karakter kendali atau pembalik arah yang tidak diterima.
number-too-large = Angka terlalu besar: paling besar 1.000.000.000.000.000 (positif atau negatif).
number-too-many-places = Paling banyak { $places } angka di belakang koma.
page-out-of-range = Nomor halaman antara 1 dan 1.000.000.
page-size-out-of-range = Jumlah per halaman harus antara 1 dan { $max }.

# Dikatakan di banyak tempat.
nothing-here = Alamat ini tidak ada.
name-required = Nama wajib diisi.
send-the-version = Sertakan versi yang Anda baca.
give-a-reason = Sebutkan alasannya; alasan dicatat.

# Yang diminta tidak ada.
record-not-found = Data tidak ditemukan.
user-not-found = Pengguna tidak ditemukan.
account-not-found = Akun tidak ditemukan.
organisation-not-found = Organisasi tidak ditemukan.
region-not-found = Wilayah tidak ditemukan.
edition-not-found = Edisi tidak ditemukan.
category-not-found = Kategori tidak ditemukan.
rubric-not-found = Rubrik tidak ditemukan.
entry-not-found = Pendaftaran tidak ditemukan.
file-not-found = Berkas tidak ditemukan.
stage-not-found = Tahap tidak ditemukan.
assignment-not-found = Penugasan tidak ditemukan.
conflict-not-found = Konflik tidak ditemukan.
results-version-not-found = Versi hasil tidak ditemukan.


## Masuk dan tautan

auth-wrong-credentials = Email atau kata sandi salah.
auth-current-password-wrong = Kata sandi saat ini salah.
auth-language-unknown = Pilih bahasa: id (Bahasa Indonesia) atau en (English).
auth-sign-in-first = Silakan masuk terlebih dahulu: token akses tidak ada, tidak sah, kedaluwarsa, atau sudah dicabut.
auth-reset-accepted = Jika alamat ini terdaftar, tautan untuk membuat kata sandi baru sudah dikirim. Tautan berlaku 1 jam.
link-not-working = Tautan ini tidak berlaku: sudah dipakai, sudah kedaluwarsa, atau salah salin. Minta tautan baru.


## Akun dan peran

user-email-invalid = Alamat email tidak valid (contoh: nama@instansi.go.id).
user-email-required = Email wajib diisi.
user-name-too-long = Nama paling panjang 120 karakter.
user-name-characters = Nama berisi karakter yang tidak diizinkan.
user-email-registered = Email ini sudah terdaftar.
password-too-long = Kata sandi paling panjang 128 karakter.
password-too-short = Kata sandi minimal { $min } karakter.
account-cannot-disable-self = Anda tidak dapat menonaktifkan akun Anda sendiri.
invitation-role-required = Pilih setidaknya satu peran untuk orang yang diundang.
invitation-email-registered = Email ini sudah terdaftar. Jika undangannya kedaluwarsa, kirim ulang undangan dari halaman akunnya.
invitation-password-set = Orang ini sudah membuat kata sandi. Jika lupa, ia dapat memakai "Lupa kata sandi".
invitation-account-disabled = Akun ini nonaktif. Aktifkan dulu sebelum mengirim undangan.

# $role dan $code: yang dikirim, dalam tanda kutip. $organisation: id yang dikirim.
role-regional-admin-needs-province = Admin wilayah harus memiliki setidaknya satu provinsi.
role-provinces-for-regional-admin = Provinsi hanya berlaku untuk peran regional_admin.
role-organisations-for-entrant = Keanggotaan organisasi hanya berlaku untuk peran entrant.
role-admin-granted-by-national = Hanya admin nasional yang dapat memberikan peran admin.
role-choose-home-province = Pilih provinsi asal orang ini (salah satu provinsi Anda).
role-outside-scope = Provinsi atau organisasi ini di luar wilayah kewenangan Anda.
role-keep-own-national-admin = Anda tidak dapat mencabut peran admin nasional Anda sendiri.
role-unknown = Peran { $role } tidak dikenal; pilih national_admin, regional_admin, judge atau entrant.
role-organisation-not-found = Organisasi { $organisation } tidak ditemukan.
role-province-unknown = Kode provinsi { $code } tidak dikenal.


## Wilayah dan organisasi

# $code: yang dikirim, dalam tanda kutip.
region-code-malformed = { $code } bukan kode wilayah.
region-code-invalid = { $code } bukan kode wilayah Kemendagri (contoh: 33, 33.10, 33.10.17, 33.10.17.2006).

# Tingkat wilayah, sebagaimana disebut dalam kalimat.
region-level-province = provinsi
region-level-regency = kabupaten/kota
region-level-district = kecamatan
region-level-village = desa/kelurahan

organisation-company-name-required = Nama wajib diisi untuk perusahaan.
organisation-company-employer-number-required = Nomor pendaftaran perusahaan (NPP) wajib diisi untuk perusahaan.
organisation-company-size-class-required = Skala usaha wajib diisi untuk perusahaan.
organisation-company-sector-required = Sektor usaha wajib diisi untuk perusahaan.

# $value: yang dikirim, dalam tanda kutip; $allowed: nilai yang diterima. $kind: jenis organisasi (company, province, ...); $level: salah satu tingkat wilayah di atas.
organisation-companies-only = Hanya berlaku untuk perusahaan.
organisation-employer-number-invalid = Nomor pendaftaran perusahaan (NPP) harus 6–20 huruf atau angka.
organisation-name-too-long = Nama paling panjang 200 karakter biasa.
organisation-choice-unknown = Nilai { $value } tidak dikenal; pilih salah satu dari: { $allowed }.
organisation-region-code-invalid = { $code } bukan kode wilayah Kemendagri.
organisation-region-unknown = Wilayah { $region } tidak ditemukan.
organisation-region-level = { $kind } memerlukan wilayah tingkat { $level }.
organisation-government-registered = Pemerintah wilayah { $region } sudah terdaftar.
organisation-employer-number-taken = NPP { $number } sudah dipakai organisasi lain.


## Edisi

edition-judging-closed = Hasil sudah diumumkan, sehingga penjurian ditutup. Untuk mengubah penilaian, tarik hasil (POST { "/api/v1/editions/{id}/publications/{versi}/withdraw" }, admin nasional, dengan alasan), yang mengembalikan edisi ke tahap penjurian; mengumumkan lagi membuat versi hasil yang baru.
edition-name-length = Nama edisi 3 sampai 200 karakter.
edition-year-required = Tahun wajib diisi.
edition-year-out-of-range = Tahun di luar rentang 2000–2100.
edition-tier-required = Tingkat wajib diisi.
edition-tier-unknown = Pilih provincial atau national.
edition-tier-fixed = Tingkat edisi tidak dapat diubah.
edition-province-required = Edisi provinsi memerlukan provinsinya.
edition-province-fixed = Provinsi edisi tidak dapat diubah; buat edisi baru.
edition-province-unknown = Provinsi { $code } tidak dikenal.
edition-national-no-province = Edisi nasional tidak terikat pada satu provinsi.
edition-zones-national-only = Zona hanya untuk edisi nasional.
edition-zone-province-unknown = Provinsi tidak dikenal.
edition-zone-key-invalid = Kunci zona harus diawali huruf kecil, lalu huruf kecil, angka atau garis bawah (maks. 64).
edition-time-unreadable = Waktu { $time } tidak dikenali; tulis seperti 2025-03-31T23:59 ({ $zone }).
edition-time-zone-unknown = Pilih Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).
edition-period-ends-before-start = Akhir periode sebelum awalnya.
edition-schedule-order = Harus setelah { $before }.
edition-advance-provincial-only = Hanya edisi provinsi yang meneruskan pemenang.
edition-advance-count = Pilih 1 (juara 1) atau 3 (tiga besar).
edition-advance-target-national = Edisi tujuan harus edisi nasional yang ada.
edition-new-has-no-version = Edisi baru belum memiliki versi.
edition-source-not-found = Edisi sumber tidak ditemukan.
edition-copy-only-on-create = Penyalinan hanya saat membuat edisi.
edition-results-published = Hasil edisi ini sudah diumumkan; edisi tidak dapat diubah.

# Tahap, sebagaimana disebut dalam kalimat (jawaban bahasa Inggris memakai kata API sendiri).
edition-phase-name-draft = draf
edition-phase-name-submissions_open = pendaftaran dibuka
edition-phase-name-submissions_closed = pendaftaran ditutup
edition-phase-name-judging = penjurian
edition-phase-name-results_published = hasil diumumkan

# Perpindahan tahap. $from dan $to: tahap, disebut seperti di atas.
edition-phase-unknown = Pilih draft, submissions_open, submissions_closed, judging atau results_published.
edition-phase-use-publication = Hasil diumumkan dengan POST { "/api/v1/editions/{id}/publications" }, yang membekukan peringkat.
edition-phase-use-withdrawal = Hasil ditarik dengan POST { "/api/v1/editions/{id}/publications/{versi}/withdraw" }.
edition-phase-move-unknown = Edisi tidak dapat berpindah dari { $from } ke { $to }.
edition-phase-not-yet = Edisi belum dapat berpindah ke tahap { $to }.
edition-phase-no-categories = Edisi belum memiliki kategori.
edition-phase-deadline-missing = Tetapkan batas akhir pendaftaran terlebih dahulu.
edition-phase-deadline-passed = Batas akhir pendaftaran sudah lewat.
edition-phase-entries-unchecked = { $count } pendaftaran belum diperiksa administrasinya. Periksa dulu, atau paksa dengan alasan yang dicatat.
edition-phase-category-no-rubric = Kategori { $category } belum memiliki rubrik.
edition-phase-rubric-invalid = Rubrik kategori { $category } memiliki { $count } kesalahan.


## Kategori

category-draft-only = Hanya dapat diubah selama edisi masih draf: peserta sudah memakainya.
category-name-required = Nama kategori (1–200 karakter) wajib diisi.
category-kinds-required = Pilih setidaknya satu jenis organisasi yang boleh ikut.
category-size-sector-companies-only = Skala dan sektor hanya berlaku bila perusahaan boleh ikut.
category-region-outside-province = Wilayah di luar provinsi edisi.
category-winners-range = Jumlah pemenang 1 sampai 10.
category-threshold-range = Ambang 0 sampai 100.
category-new-has-no-version = Kategori baru belum memiliki versi.
category-add-in-draft = Kategori hanya dapat ditambahkan selama edisi masih draf.
category-template-only-on-create = Templat hanya dipakai saat membuat kategori.
category-remove-in-draft = Kategori hanya dapat dihapus selama edisi masih draf.
category-template-unknown = Templat { $template } tidak ada.
category-no-rubric-yet = Kategori belum memiliki rubrik.

# Formulir indikator. $key: kunci yang dikirim, dalam tanda kutip.
form-label-required = Label wajib diisi.
form-bounds-numeric-only = Batas hanya untuk isian angka.
form-max-below-min = Batas atas lebih kecil dari batas bawah.
form-percentage-range = Persentase berada di antara 0 dan 100.
form-key-repeated = Kunci { $key } dipakai lebih dari sekali.
form-field-key-invalid = Kunci isian harus diawali huruf kecil, lalu huruf kecil, angka atau garis bawah (maks. 64).
indicator-not-in-form = Indikator ini tidak ada di formulir.

# Siapa yang boleh ikut. $kind: jenis organisasi (company, province, ...).
eligibility-size-class = Skala usaha organisasi Anda tidak termasuk dalam kategori ini.
eligibility-sector = Sektor usaha organisasi Anda tidak termasuk dalam kategori ini.
eligibility-region = Wilayah organisasi Anda berada di luar wilayah kategori ini.
eligibility-kind = Kategori ini tidak terbuka untuk jenis organisasi { $kind }.

# $key: kunci tahap atau kriteria, dalam tanda kutip.
tie-break-not-in-rubric = { $key } tidak ada di rubrik.


## Rubrik

rubric-frozen-give-reason = Rubrik sudah dibekukan sejak penjurian dibuka; sebutkan alasan perubahan (versi baru akan dibuat).
rubric-stage-required = Rubrik memerlukan setidaknya satu tahap.
rubric-criterion-required = Setiap tahap memerlukan setidaknya satu kriteria.
rubric-name-required = Nama wajib diisi.
rubric-weight-positive = Bobot harus lebih dari 0.
rubric-criterion-one-kind = Kriteria harus memiliki sub-kriteria, atau dinilai juri (judged), atau dihitung (computed): tepat salah satu.
rubric-scale-bound-range = Batas skala paling jauh 1.000.000 dari nol.
rubric-scale-max-above-min = Nilai maksimum skala harus lebih besar dari minimum.
rubric-scale-step = Langkah skala harus positif dan membagi rentang min–maks dengan tepat.
rubric-descriptor-inside-scale = Rentang deskriptor harus berada di dalam skala.
rubric-descriptors-ascend = Rentang deskriptor harus berurutan naik tanpa tumpang-tindih.
rubric-descriptor-required = Deskriptor wajib diisi.
rubric-ratio-parts-differ = Pembilang dan penyebut harus berbeda.
rubric-floor-target-direction = Untuk 'makin tinggi makin baik' batas bawah < target; untuk 'makin rendah makin baik' sebaliknya.
rubric-bands-at-least-two = Pemetaan pita memerlukan setidaknya dua pita.
rubric-points-range = Poin berada di antara 0 dan 100.
rubric-band-thresholds-ascend = Batas pita harus naik.
rubric-band-points-direction = Poin pita harus mengikuti arah (naik bila makin tinggi makin baik, turun bila sebaliknya).
rubric-key-repeated = Kunci { $key } sudah dipakai di rubrik ini.
rubric-weights-sum = Jumlah bobot pada tingkat ini { $total } (harus 100).
rubric-too-deep = Pohon kriteria paling dalam { $depth } tingkat.
rubric-indicator-not-in-form = Indikator { $key } tidak ada di formulir kategori.
rubric-indicator-not-numeric = Indikator { $key } bukan angka, jadi tidak dapat dihitung.
rubric-criterion-key-invalid = Kunci kriteria harus diawali huruf kecil, lalu huruf kecil, angka atau garis bawah (maks. 64).

# Alasan yang dicatat pada rubrik yang disalin ke edisi baru.
rubric-copied-from-earlier-edition = disalin dari edisi sebelumnya


## Pendaftaran

# Nilai indikator sebuah pendaftaran. $field: label indikatornya.
value-type-unknown = Nilai harus berupa teks, angka atau ya/tidak.
value-yes-or-no = Isi ya atau tidak.
value-date-format = Tanggal ditulis TTTT-BB-HH, mis. 2025-03-31.
value-document-by-upload = Isian dokumen diisi dengan mengunggah berkas bukti.
value-whole-number = Harus bilangan bulat.
value-text-too-long = Teks paling panjang { $max } karakter.
value-not-a-number = { $text } bukan angka.
value-below-min = Paling kecil { $min }.
value-above-max = Paling besar { $max }.
value-required-to-submit = { $field } wajib diisi sebelum mengirim.

entry-entrants-only = Hanya peserta yang dapat mendaftar.
entry-not-a-member = Anda bukan anggota organisasi ini.
entry-organisation-outside-province = Organisasi berada di luar provinsi edisi ini.
entry-already-entered = Organisasi ini sudah terdaftar di kategori ini.
entry-checked-or-withdrawn = Pendaftaran ini sudah diperiksa atau ditarik dan tidak dapat diubah.
entry-withdrawal-too-late = Pendaftaran ini tidak dapat ditarik lagi.
entry-reopen-withdrawn-only = Hanya pendaftaran yang ditarik dapat dibuka kembali.
entry-submissions-not-open-yet = Pendaftaran belum dibuka.
entry-submissions-not-open = Edisi ini tidak sedang menerima pendaftaran.
entry-frozen = Pendaftaran ini tidak dapat diubah lagi.
entry-owner-only = Hanya peserta pemilik pendaftaran yang dapat melakukan ini.
entry-status-cannot-submit = Pendaftaran berstatus { $status } tidak dapat dikirim.
entry-deadline-passed = Batas akhir pendaftaran { $deadline } sudah lewat; pendaftaran tidak dapat diubah lagi.

# Berkas bukti. $claimed dan $found: jenis berkas (PDF, PNG, ...); $cause: pesan pengurai (parser), dalam bahasa Inggris.
evidence-remove-draft-only = Bukti hanya dapat dihapus selama pendaftaran masih draf atau dikembalikan.
evidence-file-part-missing = Lampirkan berkas pada bagian `file`.
evidence-type-unsupported = Jenis berkas tidak didukung; unggah PDF, PNG, JPEG, XLSX, DOCX atau CSV.
evidence-content-mismatch = Nama berkas menyatakan { $claimed }, tetapi isinya { $found }.
evidence-upload-unreadable = Unggahan tidak terbaca: { $cause }.
evidence-upload-broken = Unggahan terputus: { $cause }.


## Pemeriksaan administrasi

check-admins-only = Hanya admin edisi ini yang memeriksa pendaftaran.
check-give-reason = Sebutkan alasannya; peserta akan melihatnya.
check-before-judging = Pemeriksaan administrasi hanya sebelum penjurian.
check-submitted-only = Hanya pendaftaran yang sudah dikirim yang diperiksa.
check-return-before-deadline = Pengembalian untuk perbaikan hanya sebelum batas akhir pendaftaran.


## Impor dari CSV

# $cause: pesan pengurai (parser), dalam bahasa Inggris.
import-before-judging = Impor data hanya sebelum penjurian dibuka.
import-column-not-indicator = Kolom ini bukan indikator formulir kategori.
import-column-document = Dokumen tidak dapat diimpor dari CSV.
import-kind-column-required = Kategori ini menerima beberapa jenis organisasi: tambahkan kolom kind.
import-employer-number-column-required = Kolom employer_number (NPP) wajib untuk perusahaan.
import-region-code-column-required = Kolom region_code wajib untuk pemerintah daerah dan desa.
import-cell-control-character = Sel berisi karakter kendali atau pembalik arah yang tidak diterima.
import-kind-unknown = Jenis organisasi tidak dikenal.
import-organisation-repeated = Organisasi ini muncul lebih dari sekali dalam berkas.
import-entry-changed = Sebuah pendaftaran berubah selama impor; tidak ada yang disimpan. Ulangi impor.
import-header-unreadable = Baris judul CSV tidak terbaca: { $cause }.
import-row-unreadable = Baris tidak terbaca: { $cause }.
import-company-columns-missing = Perusahaan baru { $number } memerlukan kolom: { $columns }.
import-region-code-unknown = Kode wilayah { $region } tidak dikenal, tidak sesuai jenis organisasi, atau di luar wilayah edisi.


## Penjurian

# Panel dan daftar pendek sebuah tahap.
panel-not-a-judge = Bukan juri edisi ini.
panel-first-stage-takes-all = Tahap pertama memuat semua pendaftaran lengkap; daftar pendek untuk tahap berikutnya.
panel-entry-ids-or-top = Isi entry_ids (pilihan tangan) atau top (N teratas), salah satu saja.
panel-top-at-least-one = N teratas minimal 1.
panel-entry-not-complete = Bukan pendaftaran lengkap di kategori ini.

# Penugasan juri. $reason: konflik kepentingan, sebagaimana dinyatakan.
assignment-judge-not-on-panel = Juri ini tidak ada di panel tahap ini.
assignment-entry-not-in-stage = Pendaftaran ini tidak ada di tahap ini.
assignment-exists = Juri ini sudah ditugaskan ke pendaftaran ini.
assignment-judges-per-entry = Juri per pendaftaran 1 sampai 50.
assignment-conflict-of-interest = Konflik kepentingan: { $reason }

# Penugasan otomatis yang tidak mencapai jumlah juri yang diminta.
assignment-shortfall = Hanya { $assigned } dari { $wanted } juri: { $conflicted } anggota panel berkonflik, { $at_cap } sudah mencapai batas.

# Lembar nilai. $criterion: nama kriterianya.
scoresheet-recused = Anda sudah mengundurkan diri dari penugasan ini.
scoresheet-locked = Lembar nilai sudah dikirim dan terkunci; hanya admin yang dapat membukanya kembali.
scoresheet-criterion-not-judged = Kriteria ini tidak dinilai juri di tahap ini.
scoresheet-abstain-not-allowed = Rubrik tidak mengizinkan abstain pada kriteria ini.
scoresheet-score-or-abstain = Pilih nilai atau abstain, bukan keduanya.
scoresheet-comment-too-long = Komentar paling panjang 5000 karakter.
scoresheet-not-submitted = Lembar nilai ini belum dikirim.
scoresheet-score-off-scale = Nilai harus antara { $min } dan { $max } dengan kelipatan { $step }.
scoresheet-score-required = Beri nilai untuk { $criterion }.
scoresheet-comment-required = Komentar wajib untuk { $criterion }.
scoresheet-abstain-reason-required = Tuliskan alasan abstain pada { $criterion } di kolom komentar.
judging-phase-only = Penilaian hanya selama tahap penjurian.

# Konflik kepentingan.
describe-the-conflict = Sebutkan konflik kepentingannya.
conflict-declared-stands = Konflik yang dinyatakan juri tidak dapat dianulir.
conflict-assigned-recuse-instead = Anda sudah ditugaskan menilai pendaftaran ini; mundurlah dari penugasannya.
conflict-already-declared = Konflik dengan pendaftaran ini sudah Anda nyatakan.

# Konflik yang ditemukan dari wilayah dan afiliasi, tanpa dinyatakan. $judge_region dan $entrant_region: kode wilayah.
conflict-detected-region = Wilayah asal juri ({ $judge_region }) sama dengan, memuat, atau berada di dalam wilayah peserta ({ $entrant_region }).
conflict-detected-affiliation = Juri berafiliasi dengan organisasi peserta.

# $reason: konflik sebagaimana ditulis juri.
conflict-declared-by-judge = Dinyatakan oleh juri: { $reason }

judge-user-id-or-account = Isi user_id (akun yang ada) atau account (akun baru), salah satu saja.
judge-email-registered = Email ini sudah terdaftar; tambahkan akunnya dengan user_id.
judge-account-outside-scope = Akun ini di luar wilayah kewenangan Anda.


## Hasil

results-not-published = Hasil edisi ini belum diumumkan.
results-withdrawn = Hasil edisi ini ditarik.
results-withdrawn-by-national-admin = Hanya admin nasional yang dapat menarik hasil yang sudah diumumkan.
results-already-published = Hasil sudah diumumkan.

# Pengumuman hasil. $category: nama kategorinya.
publication-only-in-judging = Hasil hanya dapat diumumkan pada tahap penjurian.
publication-again-give-reason = Hasil sudah pernah diumumkan; sebutkan alasan pengumuman ulang.
publication-scoresheets-open = Masih ada lembar penilaian yang belum dikirim; hasil belum dapat diumumkan.
publication-already-withdrawn = Versi hasil ini sudah ditarik.
publication-superseded = Versi ini sudah digantikan versi yang lebih baru; tarik versi terbaru.
publication-category-scoresheets-open = { $category }: { $open } lembar penilaian belum dikirim juri.
publication-category-no-rubric = Kategori { $category } belum memiliki rubrik.

# Daftar pendek dari tahap sebelumnya. $stage: kunci tahapnya.
shortlist-stage-before-target = Pilih tahap sebelum tahap tujuan.
shortlist-stage-incomplete = { $open } lembar penilaian tahap { $stage } belum dikirim; nilai tahap itu belum lengkap.

# Ekspor.
export-format-unknown = Pilih csv atau xlsx.
export-sheet-unknown = Pilih ranking atau judges.

# Catatan pada peringkat (`notes`, `missing`; hanya dalam Bahasa Indonesia). $why: salah
# satu dari dua alasan pertama; $key dan $criterion: kunci indikator atau kriteria.
ranking-raw-fewer-than-two = menilai kurang dari dua pendaftaran
ranking-raw-no-spread = memberi nilai yang sama untuk semua pendaftaran
ranking-judge-marks-raw = Nilai { $judge } dipakai apa adanya, tanpa normalisasi z: juri ini { $why }.
ranking-criterion-marks-raw = Kriteria { $criterion }: nilai juri { $judge } dipakai apa adanya (tanpa normalisasi z) karena { $why }.
ranking-value-missing = Indikator { $key } tidak diisi.
ranking-zero-denominator = Pembagi { $key } bernilai nol.
ranking-scoresheets-outstanding = { $count } lembar penilaian belum dikirim; peringkat ini belum final.


## Audit dan kotak keluar surel

audit-until-before-since = Batas akhir harus setelah batas awal.
outbox-state-unknown = Status surel harus queued, sent atau failed.
judging-score-not-a-number = Nilai harus berupa angka, misalnya 4 atau 4,5.
outbox-email-not-found = Surel itu tidak ada di edisi ini.
outbox-retry-failed-only = Hanya surel yang gagal yang dapat dikirim ulang.
judging-remind-not-judging = Pengingat hanya dikirim selama fase penjurian.
judging-remind-no-deadline = Edisi ini belum punya tanggal pengumuman hasil, batas yang disebut pengingat. Tetapkan di jadwal edisi.
rubric-editor-number = Tulis angka, misalnya 25 atau 12,5.
