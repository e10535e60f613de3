# Email: Bahasa Indonesia (bagian pertama setiap email).

email-invitation-subject = Undangan ke Paritrana Award
email-invitation-body =
    Yth. { $name },

    { $inviter } mengundang Anda ke Paritrana Award, penghargaan BPJS Ketenagakerjaan, sebagai { $roles }.

    Buat kata sandi Anda melalui tautan berikut, lalu Anda langsung masuk ke dasbor:

    { $link }

    Tautan ini berlaku 7 hari dan hanya dapat dipakai sekali. Jika sudah kedaluwarsa, minta undangan baru kepada panitia. Jika Anda tidak merasa diundang, abaikan email ini.
email-reset-subject = Atur ulang kata sandi Paritrana
email-reset-body =
    Yth. { $name },

    Ada permintaan untuk mengatur ulang kata sandi akun Paritrana Anda ({ $email }). Buat kata sandi baru melalui tautan berikut:

    { $link }

    Tautan ini berlaku 1 jam dan hanya dapat dipakai sekali. Setelah kata sandi diganti, semua sesi lain akun Anda berakhir. Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah.
email-english-below = (English below)
email-signature = Panitia Paritrana Award · BPJS Ketenagakerjaan

## Hasil diumumkan atau ditarik: setiap akun peserta mendengar tentang
## pendaftaran organisasinya. $at: waktu di zona waktu edisi.

email-results-published-subject = Hasil { $edition } telah diumumkan
email-results-republished-subject = Hasil { $edition } diperbarui (versi { $version })
email-results-published-news = Hasil { $edition } telah diumumkan pada { $at }.
email-results-republished-news = Hasil { $edition } telah diumumkan ulang pada { $at } (versi { $version }).
email-results-reason = Alasan: { $reason }
# $news: kabar di atas (dan alasannya); $entries: satu baris email-results-entry per pendaftaran.
email-results-published-body =
    Yth. { $name },

    { $news }

    { $entries }

    Para pemenang dan rincian nilai: { $link }
    Sidik jari SHA-256 hasil ini: { $digest }
    Siapa pun dapat memeriksa bahwa hasil tidak berubah sejak diumumkan.

    Salam,
    Panitia Paritrana Award
# $place: email-results-winner, -ranked atau -unranked; $tied: yes bila peringkatnya bersama;
# $total: nilai akhir, atau none.
email-results-entry = - { $organisation }, kategori { $category }: { $place }{ $tied ->
        [yes] {" "}(bersama)
       *[no] {""}
    }{ $total ->
        [none] {""}
       *[other] , nilai akhir { $total }
    }
email-results-winner = Juara { $place }
email-results-ranked = Peringkat { $rank } dari { $ranked }
email-results-unranked = Tidak memperoleh peringkat (tanpa nilai)

email-results-withdrawn-subject = Hasil { $edition } (versi { $version }) ditarik
# $entries: satu baris email-results-withdrawn-entry per pendaftaran.
email-results-withdrawn-body =
    Yth. { $name },

    Hasil { $edition } versi { $version } telah ditarik pada { $at }.
    Alasan: { $reason }

    Peringkat yang diberitahukan untuk entri berikut tidak berlaku lagi sampai hasil diumumkan kembali:
    { $entries }

    Salam,
    Panitia Paritrana Award
email-results-withdrawn-entry = - { $organisation }, kategori { $category }

## Juri: penugasan dan lembar yang dibuka kembali.
email-assigned-subject = Penugasan penilaian baru: { $edition }
email-assigned-body =
    Yth. { $name },

    Panitia menugaskan { $count } entri baru untuk Anda nilai di { $edition }, kategori { $category }, { $stage }.

    Buka "Penilaian saya" untuk melihat semuanya dan mulai menilai; draf tersimpan otomatis:
    { $link }

    Bila Anda mengenal salah satu peserta, nyatakan benturan kepentingan atau mundur dari entrinya di halaman yang sama.

    Salam,
    Panitia Paritrana Award
email-reopened-subject = Lembar penilaian { $entrant } dibuka kembali: { $edition }
email-reopened-body =
    Yth. { $name },

    Panitia membuka kembali lembar penilaian Anda untuk { $entrant } ({ $edition }, kategori { $category }, { $stage }).

    Alasannya: { $reason }

    Lembar itu kembali menjadi draf. Perbaiki seperlunya lalu kirim lagi:
    { $link }

    Salam,
    Panitia Paritrana Award
email-judging-reminder-subject = Pengingat: { $open } lembar penilaian belum dikirim ({ $edition })
email-judging-reminder-body =
    Yth. { $name },

    Masih ada { $open } lembar penilaian Anda di { $edition } yang belum dikirim. Batas penilaian: { $deadline }.

    Lanjutkan dari "Penilaian saya"; tombol "Nilai entri berikutnya" membuka lembar yang belum selesai:
    { $link }

    Salam,
    Panitia Paritrana Award

## Peserta: tanda terima pengiriman entri.
email-receipt-subject = Tanda terima entri { $reference }: { $category }
email-receipt-body =
    Yth. { $name },

    Entri { $organisation } untuk { $edition }, kategori { $category }, telah kami terima.

    Nomor tanda terima: { $reference }
    Waktu pengiriman: { $at }

    Data yang dikirim:
    { $listing }

    Jumlah dokumen: { $documents }

    Anda dapat melihat entri ini, dan mengubahnya sampai batas pengiriman, di:
    { $link }

    Simpan email ini sebagai bukti pengiriman.

    Salam,
    Panitia Paritrana Award
email-entry-reminder-subject = Pengingat: entri Anda di { $edition } belum dikirim (batas { $deadline })
email-entry-reminder-body =
    Yth. { $name },

    Pengiriman entri { $edition } ditutup { $deadline }. { $count } entri Anda belum dikirim:
    { $entries }

    Lengkapi lalu kirim dari "Entri saya"; draf Anda tersimpan:
    { $link }

    Entri yang belum dikirim saat batas waktu lewat tidak diperiksa dan tidak dinilai.

    Salam,
    Panitia Paritrana Award

## Peserta: hasil pemeriksaan administrasi.
email-checked-complete-subject = Entri { $organisation } lolos pemeriksaan administrasi ({ $category })
email-checked-complete-body =
    Yth. { $name },

    Entri { $organisation } untuk { $edition }, kategori { $category }, lolos pemeriksaan administrasi dan akan dinilai juri.

    Lihat entri:
    { $link }

    Salam,
    Panitia Paritrana Award
email-checked-rejected-subject = Entri { $organisation } tidak lolos pemeriksaan administrasi ({ $category })
email-checked-rejected-body =
    Yth. { $name },

    Entri { $organisation } untuk { $edition }, kategori { $category }, tidak lolos pemeriksaan administrasi.

    Alasannya: { $reason }

    Lihat entri:
    { $link }

    Salam,
    Panitia Paritrana Award
email-checked-returned-subject = Entri { $organisation } dikembalikan untuk diperbaiki ({ $category })
email-checked-returned-body =
    Yth. { $name },

    Panitia mengembalikan entri { $organisation } untuk { $edition }, kategori { $category }, agar diperbaiki.

    Yang perlu diperbaiki: { $reason }

    Perbaiki lalu kirim lagi sebelum batas pengiriman:
    { $link }

    Salam,
    Panitia Paritrana Award
