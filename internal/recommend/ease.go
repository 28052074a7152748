package recommend

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// EASE is Steck's embarrassingly shallow autoencoder (WWW 2019): with
// P = (XᵀX + λI)⁻¹, the item-item weights are B = I − P·diagMat(1/diag(P)),
// i.e. B_ij = −P_ij / P_jj off the diagonal and 0 on it. A history x scores
// items as x·B. B is dense (items² floats): meant for catalogues up to about
// 20,000 items.
type EASE struct {
	Lambda float64 // L2 regularisation λ

	items int
	b     []float32 // row-major items × items
}

// Name implements Model.
func (m *EASE) Name() string { return fmt.Sprintf("ease(lambda=%g)", m.Lambda) }

// Fit implements Model.
func (m *EASE) Fit(ctx context.Context, x *Matrix) error {
	n := x.Items
	g := gram(x)
	for i := 0; i < n; i++ {
		g.SetSym(i, i, g.At(i, i)+m.Lambda)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var chol mat.Cholesky
	if !chol.Factorize(g) {
		return fmt.Errorf("recommend: ease: XᵀX + λI is not positive definite (lambda %g)", m.Lambda)
	}
	var p mat.SymDense
	if err := chol.InverseTo(&p); err != nil {
		return fmt.Errorf("recommend: ease: %w", err)
	}
	m.items = n
	m.b = easeWeights(&p)
	return nil
}

// gram returns XᵀX as a dense symmetric matrix.
func gram(x *Matrix) *mat.SymDense {
	n := x.Items
	data := make([]float64, n*n)
	for u := 0; u < x.Users; u++ {
		items, vals := x.Row(u)
		for a, i := range items {
			vi := float64(vals[a])
			row := data[int(i)*n:]
			for b, j := range items {
				row[j] += vi * float64(vals[b])
			}
		}
	}
	return mat.NewSymDense(n, data)
}

// easeWeights computes B = I − P·diagMat(1/diag(P)) in float32.
func easeWeights(p *mat.SymDense) []float32 {
	n := p.SymmetricDim()
	b := make([]float32, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				b[i*n+j] = float32(-p.At(i, j) / p.At(j, j))
			}
		}
	}
	return b
}

// Weight returns B_ij.
func (m *EASE) Weight(i, j int) float32 { return m.b[i*m.items+j] }

// Score implements Model.
func (m *EASE) Score(h History, dst []float32) {
	clear(dst)
	n := m.items
	for k, j := range h.Items {
		v := h.Values[k]
		row := m.b[int(j)*n : int(j+1)*n]
		for i, w := range row {
			dst[i] += v * w
		}
	}
}
