# Halaman web Paritrana: Bahasa Indonesia (bahasa utama).

site-name = Paritrana Award
site-description = Penghargaan BPJS Ketenagakerjaan bagi pemerintah daerah, desa dan perusahaan yang melindungi pekerjanya dengan jaminan sosial ketenagakerjaan.
skip-to-content = Langsung ke isi
nav-label = Navigasi utama
nav-results = Edisi & hasil
nav-dashboard = Dasbor
nav-account = Akun saya
sign-in = Masuk
sign-out = Keluar
footer-text = Paritrana Award · BPJS Ketenagakerjaan. Data wilayah: Kemendagri (ODbL).

home-title = Paritrana Award
home-intro = Paritrana Award adalah penghargaan tahunan BPJS Ketenagakerjaan bagi pemerintah provinsi, kabupaten/kota, desa dan perusahaan yang melindungi pekerja di wilayahnya dengan jaminan sosial ketenagakerjaan.
home-who = Peserta mengirim usulan beserta data cakupan dan dokumen pendukung; juri menilai secara daring; hasil akhir diumumkan di sini dengan sidik digital yang dapat diperiksa siapa saja.
home-open-now = Edisi yang sedang dibuka
home-none-open = Saat ini tidak ada edisi yang menerima usulan.
home-latest-results = Hasil terbaru
home-none-published = Belum ada hasil yang diumumkan.
home-all-editions = Lihat semua edisi

edition-national = Nasional
edition-closes-at = Batas pengiriman: { $when }
edition-see-results = Lihat hasil
phase-draft = Draf
phase-submissions_open = Menerima usulan
phase-submissions_closed = Pengiriman ditutup
phase-judging = Penjurian
phase-results_published = Hasil diumumkan

editions-title = Edisi & hasil
editions-description = Semua edisi Paritrana Award dan hasilnya, dapat disaring per provinsi.
editions-province = Provinsi
editions-all-provinces = Semua provinsi
editions-filter = Tampilkan
editions-count = { $count ->
    [0] Tidak ada edisi.
   *[other] { $count } edisi.
}
editions-none = Belum ada edisi yang dibuka untuk umum.
editions-none-in-province = Belum ada edisi di provinsi ini.
pager-label = Halaman
pager-previous = ‹ Sebelumnya
pager-next = Berikutnya ›
pager-position = Halaman { $page } dari { $pages }

results-title = Hasil
results-first-places = Juara 1
results-version = Versi { $version }
results-published-at = Diumumkan { $when }
results-older-version = Anda melihat versi { $version }, bukan versi terbaru.
results-see-latest = Lihat versi terbaru
results-withdrawn-tag = Ditarik kembali
results-withdrawn-title = Hasil versi ini ditarik kembali
results-withdrawn-when = Ditarik kembali pada { $when }.
results-withdrawn-reason = Alasan:
results-podium = Juara kategori { $category }
results-juara = Juara { $place }
results-tied = seri
results-final-score = Nilai akhir
results-no-winners = Kategori ini tidak memiliki juara.
results-full-ranking = Peringkat lengkap ({ $count } peserta)
results-rank = Peringkat
results-entrant = Peserta
results-region = Wilayah
results-downloads = Unduhan
results-winners-csv = Daftar juara (CSV)
results-printable = Laporan siap cetak
results-snapshot = Data hasil beku (JSON)
results-versions = Versi dan sidik digital
results-shown = sedang ditampilkan
results-show-version = tampilkan versi ini
results-ranking-of = Peringkat lengkap
results-nobody-ranked = Tidak ada peserta yang diperingkat dalam kategori ini.
results-back-to-edition = Kembali ke hasil { $edition }
verify-title = Cara memeriksa keaslian hasil
verify-why = Setiap versi hasil dibekukan saat diumumkan. Sidik digital SHA-256 di atas dihitung dari berkas data hasil itu apa adanya, sehingga siapa pun dapat memastikan bahwa hasil tidak diubah setelah diumumkan.
verify-step-download = Unduh berkas data hasil versi yang ingin diperiksa:
verify-step-hash = Hitung sidik SHA-256 berkas itu dengan program bawaan komputer Anda, misalnya:
verify-step-compare = Bandingkan hasilnya dengan sidik digital versi tersebut di halaman ini. Jika sama persis, berkas itu adalah hasil yang diumumkan.

sign-in-description = Masuk ke Paritrana untuk mengirim usulan, menilai, atau mengelola edisi.
sign-in-no-account = Akun dibuat melalui undangan dari panitia. Belum menerima undangan? Hubungi kantor wilayah BPJS Ketenagakerjaan Anda.
field-email = Email
field-password = Kata sandi
field-display-name = Nama
field-language = Bahasa
field-current-password = Kata sandi saat ini
field-new-password = Kata sandi baru
field-new-password-hint = Minimal 10 karakter. Frasa panjang yang mudah Anda ingat lebih aman daripada kata pendek yang rumit.

dashboard-greeting = Selamat datang, { $name }
dashboard-roles = Peran Anda
dashboard-no-roles = Akun Anda belum memiliki peran. Hubungi panitia yang mengundang Anda.
dashboard-provinces = Provinsi yang Anda kelola: { $count }.
dashboard-organisations = Lembaga yang Anda wakili: { $count }.
dashboard-results-hint = Edisi yang dibuka dan hasil yang telah diumumkan.
dashboard-account-hint = Nama, bahasa dan kata sandi Anda.
role-national_admin = Admin nasional
role-regional_admin = Admin kantor wilayah
role-judge = Juri
role-entrant = Peserta

account-profile = Profil
account-language-hint = Bahasa untuk halaman dan email yang Anda terima.
account-save = Simpan
account-password = Kata sandi
account-password-hint = Setelah kata sandi diganti, semua sesi lain akun ini berakhir.
account-change-password = Ganti kata sandi

flash-signed-in = Anda sudah masuk.
flash-signed-out = Anda sudah keluar.
flash-sign-in-first = Silakan masuk terlebih dahulu.
flash-profile-saved = Profil Anda tersimpan.
flash-password-changed = Kata sandi Anda sudah diganti. Sesi lain akun ini telah berakhir.

error-400-title = Permintaan tidak dapat diproses
error-403-title = Akses ditolak
error-404-title = Halaman tidak ditemukan
error-404-detail = Alamat ini tidak ada. Mungkin tautannya salah ketik atau halamannya sudah dipindahkan.
error-409-title = Data telah berubah
error-429-title = Terlalu banyak percobaan
error-500-title = Terjadi kesalahan
error-csrf-title = Formulir kedaluwarsa
error-csrf-detail = Formulir ini tidak dapat diterima karena tidak dikirim dari halaman Paritrana dalam sesi ini. Muat ulang halaman lalu coba lagi.
error-go-home = Ke beranda
error-code = Kode { $status }

month-1 = Januari
month-2 = Februari
month-3 = Maret
month-4 = April
month-5 = Mei
month-6 = Juni
month-7 = Juli
month-8 = Agustus
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Desember

forgot-title = Lupa kata sandi?
forgot-intro = Tulis email akun Anda. Kami kirimkan tautan untuk membuat kata sandi baru; tautan berlaku 1 jam.
forgot-send = Kirim tautan
forgot-sent = Jika { $email } terdaftar, tautan untuk membuat kata sandi baru sudah dikirim ke alamat itu.
forgot-sent-hint = Periksa juga folder spam. Tautan berlaku 1 jam dan hanya dapat dipakai sekali.
forgot-back-to-sign-in = Kembali ke halaman masuk
set-password-title = Buat kata sandi baru
set-password-welcome = Selamat datang, { $name }
set-password-invitation-intro = Anda diundang ke Paritrana Award. Buat kata sandi untuk akun Anda; setelah itu Anda langsung masuk ke dasbor.
set-password-reset-intro = Buat kata sandi baru untuk akun Anda. Semua sesi lain akun ini akan berakhir.
set-password-save = Simpan kata sandi dan masuk
link-dead-title = Tautan tidak berlaku
link-dead-detail = Tautan ini sudah dipakai, sudah kedaluwarsa, atau tidak lengkap tersalin dari email.
link-dead-new-reset = Minta tautan baru
link-dead-invitation = Undangan yang kedaluwarsa dapat dikirim ulang oleh panitia yang mengundang Anda.
flash-password-set = Kata sandi Anda tersimpan. Selamat datang di Paritrana.
