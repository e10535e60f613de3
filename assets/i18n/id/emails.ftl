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
